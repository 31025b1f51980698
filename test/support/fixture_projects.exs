defmodule OtpPlan.Test.FixtureProjects do
  @moduledoc false
  # Fixture host projects under test/fixtures/projects. The test files of a
  # fixture project cannot live in it: our own `mix test` would compile them.
  # They are written here and put in place in a temporary copy, so the facts
  # gatherers read them as they would in the host.

  @projects Path.expand("../fixtures/projects", __DIR__)

  @test_files %{
    "library" => %{
      "test/csv_stream_test.exs" => ~S"""
      defmodule CsvStreamTest do
        use ExUnit.Case, async: true
        doctest CsvStream

        test "a row split across chunks is joined" do
          assert ["a,", "b\n"] |> CsvStream.parse() |> Enum.to_list() == [["a", "b"]]
        end
      end
      """,
      "test/field_property_test.exs" => ~S"""
      defmodule CsvStream.FieldPropertyTest do
        use ExUnit.Case, async: true
        use ExUnitProperties

        property "integers encode as their digits" do
          check all n <- integer() do
            assert CsvStream.Field.encode(n) == Integer.to_string(n)
          end
        end
      end
      """,
      "test/test_helper.exs" => ~S"""
      ExUnit.start()
      """
    },
    "phoenix18" => %{
      "test/journal/entries_test.exs" => ~S"""
      defmodule Journal.EntriesTest do
        use Journal.DataCase

        test "create_entry/1 with a title" do
          assert {:ok, entry} = Journal.Entries.create_entry(%{title: "First"})
          assert entry.title == "First"
        end
      end
      """,
      "test/journal_web/live/entry_live_test.exs" => ~S"""
      defmodule JournalWeb.EntryLiveTest do
        use JournalWeb.ConnCase
        import Phoenix.LiveViewTest

        test "lists entries", %{conn: conn} do
          {:ok, _view, html} = live(conn, ~p"/entries")
          assert html =~ "Entries"
        end
      end
      """,
      "test/test_helper.exs" => ~S"""
      ExUnit.start()
      Ecto.Adapters.SQL.Sandbox.mode(Journal.Repo, :manual)
      """
    },
    "nerves" => %{
      "test/sensor_test.exs" => ~S"""
      defmodule Greenhouse.SensorTest do
        use ExUnit.Case

        test "starts under a test supervisor" do
          assert {:ok, _pid} = start_supervised({Greenhouse.Sensor, []})
        end
      end
      """,
      "test/test_helper.exs" => ~S"""
      ExUnit.start()
      """
    }
  }

  @doc """
  `source` (a project directory), or for a fixture project with test files
  a temporary copy that has them.
  """
  def dir(source) do
    name = Path.basename(source)

    case Path.dirname(source) == @projects && @test_files[name] do
      none when none in [nil, false] ->
        source

      files ->
        # One copy per run and project, so Mix loads its mix.exs from one path.
        dir = Path.join(System.tmp_dir!(), "otp_plan_fixture_#{name}_#{System.pid()}")

        unless File.dir?(dir) do
          File.cp_r!(source, dir)
          write_tree(dir, files)
          ExUnit.after_suite(fn _ -> File.rm_rf!(dir) end)
        end

        dir
    end
  end

  @doc "Writes `files` (relative path => text) under `root`, making their folders."
  def write_tree(root, files) do
    for {path, text} <- files do
      path = Path.join(root, path)
      File.mkdir_p!(Path.dirname(path))
      File.write!(path, text)
    end
  end
end
