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

defmodule OtpPlan.Facts.SupervisionOptionsTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.{Definition, Supervision}

  defp tree(start_body) do
    {:ok, ast} =
      Code.string_to_quoted("""
      defmodule Kite.Application do
        use Application

        def start(_type, _args) do
      #{start_body}
        end

        defp pick(:full), do: {[Kite.Spool], [name: Kite.Full, max_restarts: 9]}
        defp pick(_), do: {[Kite.Spool], [name: Kite.Lite]}
      end
      """)

    modules = for defn <- Definition.all(ast, "lib/kite.ex"), into: %{}, do: {defn.name, defn}
    Supervision.gather("Kite.Application", modules)
  end

  # A keyword list bound to a variable in start/2 is followed and read.
  test "options bound to a variable in the same function are read" do
    assert {tree, []} =
             tree("""
             opts = [name: Kite.Supervisor, strategy: :one_for_all, max_restarts: 7, max_seconds: 2]
             Supervisor.start_link([Kite.Spool], opts)
             """)

    assert tree.supervisor == %{
             name: "Kite.Supervisor",
             strategy: "one_for_all",
             max_restarts: 7,
             max_seconds: 2,
             options_read: true
           }
  end

  # Options another function returns are not the defaults: the facts say
  # they were not read, and where.
  test "options built where the reader does not follow are not read, with a warning" do
    assert {tree, [warning]} =
             tree("""
             {children, opts} = pick(System.get_env("KITE_MODE"))
             Supervisor.start_link(children, opts)
             """)

    assert tree.supervisor == %{
             name: nil,
             strategy: nil,
             max_restarts: nil,
             max_seconds: nil,
             options_read: false
           }

    assert warning =~ "lib/kite.ex:6: the options given to Supervisor.start_link/2"
  end
end
