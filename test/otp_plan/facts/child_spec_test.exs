defmodule OtpPlan.Facts.ChildSpecTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.{Ast, ChildSpec, Definition}

  @source """
  defmodule Depot.Application do
    use Application
    def start(_, _), do: :ok
  end

  defmodule Depot.Crates do
    use DynamicSupervisor
  end

  defmodule Depot.Ledger do
    def start_link, do: :ok
  end
  """

  defp described(specs) do
    {:ok, ast} = Ast.parse(@source, "lib/depot.ex")
    defns = Definition.all(ast, "lib/depot.ex")
    modules = Map.new(defns, &{&1.name, &1})
    app = modules["Depot.Application"]

    for spec <- specs do
      {:ok, spec_ast} = Ast.parse(spec, "lib/depot.ex")
      ChildSpec.describe(spec_ast, app, modules)
    end
  end

  defp kinds(specs), do: Enum.map(described(specs), & &1.kind)

  # `type: :supervisor` says the child supervises; what it is comes from the
  # module it starts, so a Registry stays a registry and an Endpoint an endpoint.
  test "a map spec's type does not override the kind of the module it starts" do
    assert kinds([
             "%{id: Depot.Names, type: :supervisor, start: {Registry, :start_link, [:unique, Depot.Names]}}",
             "%{id: Depot.Crates, type: :supervisor, start: {Depot.Crates, :start_link, []}}",
             "%{id: Depot.Web, type: :supervisor, start: {DepotWeb.Endpoint, :start_link, []}}",
             "%{id: Depot.Ledger, type: :supervisor, start: {Depot.Ledger, :start_link, []}}",
             "%{id: Depot.Ledger, start: {Depot.Ledger, :start_link, []}}",
             "worker(Registry, [:unique, Depot.Names])",
             "supervisor(Depot.Ledger, [])"
           ]) == [
             "registry",
             "dynamic_supervisor",
             "endpoint",
             "supervisor",
             "worker",
             "registry",
             "supervisor"
           ]
  end

  # A map spec names its child in the start args, as the call would.
  test "a map spec's name is read from its start args" do
    assert Enum.map(
             described([
               "%{id: :names, start: {Registry, :start_link, [:unique, Depot.Names]}}",
               "%{id: :jobs, start: {Task.Supervisor, :start_link, [[name: Depot.Jobs]]}}",
               "%{id: :ledger, start: {Depot.Ledger, :start_link, []}}"
             ]),
             & &1.name
           ) == ["Depot.Names", "Depot.Jobs", nil]
  end
end
