defmodule OtpPlan.Facts.BranchesTest do
  # start/2 picking between several supervisors: each call is a branch with
  # its own supervisor and children, the else / catch-all one the default.
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.{Definition, Supervision}

  defp tree(source) do
    {:ok, ast} = Code.string_to_quoted(source)

    modules =
      for defn <- Definition.all(ast, "lib/kiln/application.ex"), into: %{}, do: {defn.name, defn}

    {tree, []} = Supervision.gather("Kiln.Application", modules)
    tree
  end

  test "an if with a standalone mode before the normal start" do
    tree =
      tree("""
      defmodule Kiln.Application do
        use Application

        def start(_type, _args) do
          if System.get_env("KILN_ROLE") == "firer" do
            Supervisor.start_link([Kiln.Firer], strategy: :one_for_one, name: Kiln.FirerSupervisor)
          else
            children = [Kiln.Queue, Kiln.Firer]
            Supervisor.start_link(children, strategy: :rest_for_one, name: Kiln.Supervisor)
          end
        end
      end
      """)

    assert [firer, normal] = tree.branches

    assert {firer.condition, firer.default, firer.supervisor.name, firer.line} ==
             {~s{System.get_env("KILN_ROLE") == "firer"}, false, "Kiln.FirerSupervisor", 6}

    assert Enum.map(firer.children, & &1.module) == ["Kiln.Firer"]

    assert {normal.condition, normal.default, normal.supervisor.name, normal.supervisor.strategy} ==
             {~s{!(System.get_env("KILN_ROLE") == "firer")}, true, "Kiln.Supervisor",
              "rest_for_one"}

    # Bound inside the branch, still followed.
    assert Enum.map(normal.children, &{&1.module, &1.presence}) ==
             [{"Kiln.Queue", "always"}, {"Kiln.Firer", "always"}]
  end

  test "a case whose catch-all clause is the default" do
    tree =
      tree("""
      defmodule Kiln.Application do
        use Application

        def start(_type, _args) do
          case Application.get_env(:kiln, :mode) do
            :drain -> Supervisor.start_link([Kiln.Drain], strategy: :one_for_one, name: Kiln.DrainSupervisor)
            _ -> Supervisor.start_link([Kiln.Queue], strategy: :one_for_one, name: Kiln.Supervisor)
          end
        end
      end
      """)

    assert Enum.map(tree.branches, &{&1.supervisor.name, &1.default, &1.condition}) == [
             {"Kiln.DrainSupervisor", false, "match?(:drain, Application.get_env(:kiln, :mode))"},
             {"Kiln.Supervisor", true, "!match?(:drain, Application.get_env(:kiln, :mode))"}
           ]
  end

  test "one start_link has no branches" do
    tree =
      tree("""
      defmodule Kiln.Application do
        use Application
        def start(_, _), do: Supervisor.start_link([Kiln.Queue], strategy: :one_for_one)
      end
      """)

    assert tree.branches == []
    assert Enum.map(tree.children, & &1.module) == ["Kiln.Queue"]
  end
end
