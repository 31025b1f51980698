defmodule OtpPlan.Facts.SupervisionTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.{Definition, Supervision}

  defp modules(source) do
    {:ok, ast} = Code.string_to_quoted(source)
    for defn <- Definition.all(ast, "lib/relay.ex"), into: %{}, do: {defn.name, defn}
  end

  test "start/2 that delegates to a project supervisor takes that supervisor's children" do
    modules =
      modules("""
      defmodule Relay.Application do
        use Application
        alias Relay.RootSupervisor

        def start(_type, _args), do: RootSupervisor.start_link([])
      end

      defmodule Relay.RootSupervisor do
        use Supervisor

        def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

        def init(_arg), do: Supervisor.init([Relay.Pump], strategy: :one_for_all)
      end
      """)

    assert {tree, []} = Supervision.gather("Relay.Application", modules)
    assert [root] = tree.children

    assert {root.module, root.name, root.strategy} ==
             {"Relay.RootSupervisor", "Relay.RootSupervisor", "one_for_all"}

    assert Enum.map(root.children, & &1.module) == ["Relay.Pump"]
  end
end
