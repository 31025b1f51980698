Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.RuntimeTest do
  # Runtime mode runs the host by definition: the fixture without Hex deps is
  # compiled into a temporary directory and started in this VM.
  use ExUnit.Case

  @moduletag :capture_log

  alias OtpPlan.Facts.Runtime
  import OtpPlan.Test.Fixture

  setup_all do
    source = path("otp_nested")
    ebin = Path.join(System.tmp_dir!(), "otp_plan_runtime_#{System.unique_integer([:positive])}")
    File.mkdir_p!(ebin)
    files = Path.wildcard(Path.join(source, "lib/**/*.ex"))
    {:ok, modules, _warnings} = Kernel.ParallelCompiler.compile_to_path(files, ebin)
    Code.prepend_path(ebin)

    spec = [
      description: ~c"ledger",
      vsn: ~c"1.4.2",
      modules: modules,
      registered: [],
      applications: [:kernel, :stdlib, :elixir, :logger],
      mod: {Ledger.Application, []}
    ]

    :ok = :application.load({:application, :ledger, spec})

    on_exit(fn ->
      ExUnit.CaptureLog.capture_log(fn -> Application.stop(:ledger) end)
      Application.unload(:ledger)
      Enum.each(modules, &(:code.purge(&1) && :code.delete(&1)))
      Code.delete_path(ebin)
      File.rm_rf!(ebin)
    end)

    %{static: facts("otp_nested").supervision}
  end

  test "the live tree merges into the static one, dynamic children appended", %{static: static} do
    assert {:ok, _} = Application.ensure_all_started(:ledger)
    {:ok, _account} = apply(Ledger.Accounts, :open, ["acc-1"])

    assert {:ok, tree} = Runtime.gather(:ledger, static)

    assert Enum.map(tree.children, &{&1.module, &1.status}) == [
             {"Registry", "running"},
             {"Task.Supervisor", "running"},
             {"Ledger.RateTable", "running"},
             {"Ledger.Sequence", "running"},
             {"Ledger.Accounts.Supervisor", "running"},
             {"Ledger.Audit.Supervisor", "running"}
           ]

    accounts = child(tree, "Ledger.Accounts.Supervisor")

    assert [dynamic, janitor] = accounts.children
    assert {dynamic.status, janitor.status} == {"running", "running"}

    assert [account] = dynamic.children

    assert account == %{
             module: "Ledger.Account",
             label: ":undefined",
             kind: "worker",
             name: nil,
             presence: "runtime",
             condition: nil,
             call: nil,
             strategy: nil,
             defined_in_project: false,
             children: [],
             status: "running"
           }

    sinks = child(child(tree, "Ledger.Audit.Supervisor"), "Ledger.Audit.SinkSupervisor")
    assert {sinks.status, sinks.children} == {"running", []}
  end

  test "restarting, undefined and missing children are kept with their status", %{static: static} do
    live = [
      %{id: Registry, pid: :restarting, type: :supervisor, modules: [Registry], children: []},
      %{
        id: Ledger.RateTable,
        pid: :undefined,
        type: :worker,
        modules: [Ledger.RateTable],
        children: []
      }
    ]

    merged = Runtime.merge(Enum.take(static.children, 4), live)

    assert Enum.map(merged, &{&1.module, &1.status}) == [
             {"Registry", "restarting"},
             {"Task.Supervisor", "not_running"},
             {"Ledger.RateTable", "undefined"},
             {"Ledger.Sequence", "not_running"}
           ]
  end

  test "a library application has no tree to walk" do
    assert Runtime.gather(:eex, %{children: []}) ==
             {:error, "eex is a library application: it has no supervision tree to walk"}
  end
end
