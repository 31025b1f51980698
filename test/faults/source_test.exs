defmodule OtpPlan.Faults.SourceTest do
  # Hostile host source and mix.lock: every case writes the plan, prints the
  # one warning line it is due (or none), and changes no file of the host.
  use ExUnit.Case

  alias OtpPlan.Facts.{Lock, Source}

  @fixture Path.expand("../fixtures/projects/hazards", __DIR__)

  setup do
    dir = OtpPlan.Test.Host.copy!(@fixture, "hazards")
    Mix.shell(Mix.Shell.Process)
    on_exit(fn -> Mix.shell(Mix.Shell.IO) end)
    %{dir: dir}
  end

  # Runs `mix plan.create` in `dir` after `hazard` changed it; returns the
  # warning lines, after checking the plan was written and nothing else changed.
  defp plan_with(dir, hazard) do
    hazard.(dir)
    before = snapshot(dir)
    Mix.Project.in_project(:hazards, dir, fn _ -> Mix.Task.rerun("plan.create", []) end)

    assert_received {:mix_shell, :info, ["* creating PLANNING.md"]}
    assert File.read!(Path.join(dir, "PLANNING.md")) =~ "# Planning: hazards"
    assert Map.delete(snapshot(dir), "PLANNING.md") == before
    warnings()
  end

  defp warnings(acc \\ []) do
    receive do
      {:mix_shell, :error, ["warning: " <> warning]} -> warnings([warning | acc])
      {:mix_shell, _, _} -> warnings(acc)
    after
      0 -> Enum.reverse(acc)
    end
  end

  # Every entry under `dir` (no link followed) with its type and, for regular
  # files, a checksum.
  defp snapshot(dir, rel \\ "") do
    full = Path.join(dir, rel)

    case File.lstat!(full) do
      %File.Stat{type: :directory} ->
        full
        |> File.ls!()
        |> Enum.map(&snapshot(dir, Path.join(rel, &1)))
        |> Enum.reduce(%{}, &Map.merge/2)

      %File.Stat{type: :regular} ->
        %{Path.relative_to(full, dir) => :crypto.hash(:sha256, File.read!(full))}

      %File.Stat{type: type} ->
        %{Path.relative_to(full, dir) => type}
    end
  end

  defp write(dir, path, text) do
    File.mkdir_p!(Path.dirname(Path.join(dir, path)))
    File.write!(Path.join(dir, path), text)
  end

  defp ln(dir, target, path), do: File.ln_s!(target, Path.join(dir, path))

  test "the fixture itself: no warning", %{dir: dir} do
    assert plan_with(dir, fn _ -> :ok end) == []
  end

  describe "source files" do
    test "a file that is not UTF-8 is skipped with its name", %{dir: dir} do
      assert plan_with(dir, &write(&1, "lib/hazards/latin1.ex", <<"# caf", 0xE9, "\n">>)) ==
               ["lib/hazards/latin1.ex: not UTF-8 text; skipped"]
    end

    test "a broken symlink", %{dir: dir} do
      assert plan_with(dir, &ln(&1, "nowhere.ex", "lib/hazards/broken.ex")) ==
               ["lib/hazards/broken.ex: a broken symlink; skipped"]
    end

    test "a directory named *.ex is walked as a directory", %{dir: dir} do
      hazard = &write(&1, "lib/hazards/odd.ex/inner.ex", "defmodule Hazards.Inner do\nend\n")
      assert plan_with(dir, hazard) == []
    end

    test "a FIFO named *.ex is not opened", %{dir: dir} do
      hazard = fn dir ->
        {_, 0} = System.cmd("mkfifo", [Path.join(dir, "lib/hazards/pipe.ex")])
      end

      assert plan_with(dir, hazard) ==
               ["lib/hazards/pipe.ex: not a regular file (a FIFO, socket or device); skipped"]
    end

    test "a symlink to a device leaves the project and is not followed", %{dir: dir} do
      assert plan_with(dir, &ln(&1, "/dev/zero", "lib/hazards/zero.ex")) ==
               ["lib/hazards/zero.ex: a symlink leading out of the project; not followed"]
    end

    test "a symlink to a file outside the project is not followed", %{dir: dir} do
      outside = Path.join(System.tmp_dir!(), "otp_plan_outside_#{System.unique_integer()}.ex")
      File.write!(outside, "defmodule Outside do\nend\n")
      on_exit(fn -> File.rm(outside) end)

      assert plan_with(dir, &ln(&1, outside, "lib/hazards/outside.ex")) ==
               ["lib/hazards/outside.ex: a symlink leading out of the project; not followed"]
    end

    test "a symlink loop between two files", %{dir: dir} do
      hazard = fn dir ->
        ln(dir, "b.ex", "lib/hazards/a.ex")
        ln(dir, "a.ex", "lib/hazards/b.ex")
      end

      assert plan_with(dir, hazard) == [
               "lib/hazards/a.ex: a symlink loop or chain of more than 8 links; skipped",
               "lib/hazards/b.ex: a symlink loop or chain of more than 8 links; skipped"
             ]
    end

    test "a symlinked directory loop is not entered", %{dir: dir} do
      assert plan_with(dir, &ln(&1, "..", "lib/hazards/loop")) ==
               ["lib/hazards/loop: a symlinked directory; not entered"]
    end

    test "a symlink to a file inside the project is read", %{dir: dir} do
      hazard = fn dir ->
        write(dir, "shared/extra.ex", "defmodule Hazards.Extra do\n  use GenServer\nend\n")
        ln(dir, "../../shared/extra.ex", "lib/hazards/extra.ex")
      end

      assert plan_with(dir, hazard) == []
      facts = facts(dir)
      assert Enum.any?(facts.processes, &(&1.module == "Hazards.Extra"))
    end

    test "a file past the size limit is skipped", %{dir: dir} do
      big = String.duplicate("# padding\n", div(OtpPlan.Facts.Files.max_bytes(), 10) + 1)

      assert plan_with(dir, &write(&1, "lib/hazards/big.ex", big)) ==
               ["lib/hazards/big.ex: larger than 1000 kB; skipped"]
    end

    @tag :unreadable
    test "an unreadable file", %{dir: dir} do
      if System.get_env("USER") == "root" or elem(System.cmd("id", ["-u"]), 0) == "0\n" do
        # root reads every file: nothing to observe.
        :ok
      else
        hazard = fn dir ->
          write(dir, "lib/hazards/secret.ex", "defmodule S do\nend\n")
          File.chmod!(Path.join(dir, "lib/hazards/secret.ex"), 0o000)
        end

        assert [warning] = plan_with(dir, hazard)
        assert warning =~ "lib/hazards/secret.ex: cannot be read"
      end
    end

    test "a file that does not parse: its line, and the rest is read", %{dir: dir} do
      assert [warning] = plan_with(dir, &write(&1, "lib/hazards/bad.ex", "defmodule X do\n  use GenServer\n  def (\nend\n"))
      assert warning =~ ~r/^lib\/hazards\/bad.ex:\d+: could not parse: .*; the rest was read$/
    end

    test "an empty file and a file of NUL bytes", %{dir: dir} do
      hazard = fn dir ->
        write(dir, "lib/hazards/empty.ex", "")
        write(dir, "lib/hazards/nul.ex", String.duplicate(<<0>>, 100) <> "Supervisor")
      end

      assert [warning] = plan_with(dir, hazard)
      assert warning =~ "lib/hazards/nul.ex:1: could not parse"
    end

    test "10k nested lists in one child spec: read quickly, shown truncated", %{dir: dir} do
      deep = String.duplicate("[", 10_000) <> ":x" <> String.duplicate("]", 10_000)

      hazard = fn dir ->
        write(dir, "lib/hazards/application.ex", """
        defmodule Hazards.Application do
          use Application
          def start(_t, _a), do: Supervisor.start_link([{Hazards.Store, #{deep}}], strategy: :one_for_one)
        end
        """)
      end

      {micros, warnings} = :timer.tc(fn -> plan_with(dir, hazard) end)
      assert warnings == []
      assert micros < 10_000_000
      [store] = facts(dir).supervision.children
      assert String.length(store.label) <= 80
    end

    test "a chain of 40 nested supervisors is read 32 deep, with a warning", %{dir: dir} do
      hazard = fn dir ->
        for i <- 1..40 do
          write(dir, "lib/hazards/sup#{i}.ex", """
          defmodule Hazards.Sup#{i} do
            use Supervisor
            def init(_), do: Supervisor.init([Hazards.Sup#{i + 1}], strategy: :one_for_one)
          end
          """)
        end

        write(dir, "lib/hazards/application.ex", """
        defmodule Hazards.Application do
          use Application
          def start(_t, _a), do: Supervisor.start_link([Hazards.Sup1], strategy: :one_for_one)
        end
        """)
      end

      assert plan_with(dir, hazard) == [
               "Hazards.Application: supervision tree nested deeper than 32 supervisors; " <>
                 "read to depth 32"
             ]
    end

    test "names unknown to the VM become no atoms and still read right", %{dir: dir} do
      hazard = fn dir ->
        write(dir, "lib/hazards/application.ex", """
        defmodule Hazards.Application do
          use Application
          def start(_t, _a) do
            zq_children_list = [Hazards.ZqWorker, {Registry, keys: :unique, name: :zq_registry}]
            Supervisor.start_link(zq_children_list, strategy: :one_for_one)
          end
        end
        """)

        write(dir, "lib/hazards/zq_worker.ex", """
        defmodule Hazards.ZqWorker do
          use GenServer
          def start_link(zq_opts), do: GenServer.start_link(__MODULE__, zq_opts, name: :zq_worker)
        end
        """)
      end

      assert plan_with(dir, hazard) == []

      assert Enum.map(facts(dir).supervision.children, &{&1.module, &1.name}) == [
               {"Hazards.ZqWorker", ":zq_worker"},
               {"Registry", ":zq_registry"}
             ]

      for name <- ~w(zq_children_list ZqWorker zq_registry zq_worker zq_opts) do
        assert_raise ArgumentError, fn -> String.to_existing_atom(name) end
      end
    end
  end

  describe "mix.lock" do
    test "a variable key and an expression entry are skipped, the rest read", %{dir: dir} do
      hazard = fn dir ->
        write(dir, "mix.lock", """
        %{
          key => {:hex, :other, "1.0.0", "x", [:mix], [], "hexpm", "y"},
          "jason" => {:hex, :jason, "1.4.1", "x", [:mix], [], "hexpm", "y"}
        }
        """)
      end

      assert plan_with(dir, hazard) == ["mix.lock: 1 entry is not a `name: {…}` pair; skipped"]
      assert Map.new(facts(dir).deps, &{&1.name, &1.locked}) == %{"jason" => "1.4.1"}
    end

    test "a map update: its entry is skipped", %{dir: dir} do
      assert plan_with(dir, &write(&1, "mix.lock", "%{base | \"jason\": {:hex, :jason, \"1\"}}\n")) ==
               ["mix.lock: 1 entry is not a `name: {…}` pair; skipped"]
    end

    test "garbage", %{dir: dir} do
      assert plan_with(dir, &write(&1, "mix.lock", "%{ this is (not\n")) ==
               ["mix.lock: not a lock file (expected a map of deps); versions not read"]
    end

    test "not UTF-8", %{dir: dir} do
      assert plan_with(dir, &write(&1, "mix.lock", <<"%{\"a\": ", 0xFF, "}">>)) ==
               ["mix.lock: not UTF-8 text; skipped"]
    end

    test "a directory", %{dir: dir} do
      hazard = fn dir ->
        File.rm!(Path.join(dir, "mix.lock"))
        File.mkdir!(Path.join(dir, "mix.lock"))
      end

      assert plan_with(dir, hazard) == ["mix.lock: is a directory, not a file; skipped"]
    end

    test "a symlink out of the project", %{dir: dir} do
      hazard = fn dir ->
        File.rm!(Path.join(dir, "mix.lock"))
        ln(dir, "/dev/zero", "mix.lock")
      end

      assert plan_with(dir, hazard) == ["mix.lock: a symlink leading out of the project; not followed"]
    end

    test "past the size limit", %{dir: dir} do
      big = "%{\n" <> String.duplicate("  # padding\n", div(OtpPlan.Facts.Files.max_bytes(), 12) + 1) <> "}\n"

      assert plan_with(dir, &write(&1, "mix.lock", big)) ==
               ["mix.lock: larger than 1000 kB; skipped"]
    end

    test "missing: no versions, no warning", %{dir: dir} do
      assert plan_with(dir, &File.rm!(Path.join(&1, "mix.lock"))) == []
    end

    @tag :tmp_dir
    test "dep names unknown to the VM create no atoms", %{tmp_dir: tmp} do
      names = for i <- 1..1000, do: "zqdep#{i}"
      entries = Enum.map_join(names, ",\n", &~s("#{&1}": {:hex, :#{&1}, "1.0.#{byte_size(&1)}", "x", [:mix], [], "hexpm", "y"}))
      File.write!(Path.join(tmp, "mix.lock"), "%{\n#{entries}\n}\n")

      Lock.read(Path.join(tmp, "mix.lock"), "warm-up")
      before = :erlang.system_info(:atom_count)
      {locked, []} = Lock.read(Path.join(tmp, "mix.lock"), "mix.lock")
      assert :erlang.system_info(:atom_count) == before
      assert map_size(locked) == 1000
      assert locked["zqdep7"] == "1.0.6"
    end
  end

  @tag :tmp_dir
  test "a file with 100k unique identifiers creates no atom", %{tmp_dir: tmp} do
    File.mkdir_p!(Path.join(tmp, "lib"))
    File.write!(Path.join(tmp, "lib/warm.ex"), "defmodule Warm do\n  use GenServer\nend\n")
    Source.read(tmp, [])

    # 100k names no module uses (about 700 kB, under the size limit).
    body = "    [" <> Enum.map_join(1..100_000, ",", &"zq#{&1}") <> "]"

    File.write!(Path.join(tmp, "lib/many.ex"), """
    defmodule ZqMany do
      use GenServer
      def start_link(_) do
    #{body}
      end
    end
    """)

    before = :erlang.system_info(:atom_count)
    source = Source.read(tmp, [])
    assert :erlang.system_info(:atom_count) == before
    assert source.warnings == []
    assert Map.has_key?(source.modules, "ZqMany")
  end

  defp facts(dir) do
    Mix.Project.in_project(:hazards, dir, fn _ ->
      OtpPlan.Facts.gather(dir, Mix.Project.config())
    end)
  end
end
