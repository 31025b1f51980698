defmodule OtpPlan.Facts.TestsTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.Tests

  import OtpPlan.Test.FixtureProjects, only: [write_tree: 2]

  # Channel and LiveView tests are usually written through the project's own
  # case template, which imports the Phoenix test helpers for them.
  @tag :tmp_dir
  test "a test that uses the project's case template has the kinds that template brings",
       %{tmp_dir: root} do
    write_tree(root, %{
      "test/support/socket_case.ex" => """
      defmodule HiveWeb.SocketCase do
        use ExUnit.CaseTemplate

        using do
          quote do
            import Phoenix.ChannelTest
            @endpoint HiveWeb.Endpoint
          end
        end
      end
      """,
      "test/support/page_case.ex" => """
      defmodule HiveWeb.PageCase do
        use ExUnit.CaseTemplate
        using do
          quote do
            import Phoenix.LiveViewTest
          end
        end
      end
      """,
      "test/hive_web/lobby_channel_test.exs" => """
      defmodule HiveWeb.LobbyChannelTest do
        use HiveWeb.SocketCase, async: true
        test "joins", do: :ok
      end
      """,
      "test/hive_web/board_live_test.exs" => """
      defmodule HiveWeb.BoardLiveTest do
        use HiveWeb.PageCase
        test "renders", do: :ok
      end
      """,
      "test/hive/comb_test.exs" => """
      defmodule Hive.CombTest do
        use HiveWeb.SocketCaseless
        test "sums", do: :ok
      end
      """
    })

    facts = Tests.gather(root, [""])
    assert {facts.files, facts.unit, facts.channel, facts.live_view} == {3, 1, 1, 1}
  end
end
