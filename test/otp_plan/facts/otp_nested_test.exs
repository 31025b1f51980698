Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.OtpNestedTest do
  # A plain OTP app: Registry, Task.Supervisor, an Agent, and two project
  # supervisors, one holding a DynamicSupervisor, one a nested DynamicSupervisor.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  setup_all do
    %{facts: facts("otp_nested")}
  end

  test "top level: options and children, aliases expanded", %{facts: facts} do
    tree = facts.supervision

    assert tree.supervisor == %{
             name: "Ledger.Supervisor",
             strategy: "one_for_one",
             max_restarts: 10,
             max_seconds: 30,
             options_read: true
           }

    assert children(tree) == [
             {"registry", "Registry", "Ledger.AccountRegistry", "always", nil},
             {"task_supervisor", "Task.Supervisor", "Ledger.TaskSupervisor", "always", nil},
             {"genserver", "Ledger.RateTable", "Ledger.RateTable", "always", nil},
             {"agent", "Ledger.Sequence", "Ledger.Sequence", "always", nil},
             {"supervisor", "Ledger.Accounts.Supervisor", "Ledger.Accounts.Supervisor", "always",
              nil},
             {"supervisor", "Ledger.Audit.Supervisor", "Ledger.Audit.Supervisor", "always", nil}
           ]

    assert child(tree, "Ledger.Accounts.Supervisor").label == "Accounts.Supervisor"
  end

  test "nested levels with their own strategies", %{facts: facts} do
    accounts = child(facts.supervision, "Ledger.Accounts.Supervisor")
    audit = child(facts.supervision, "Ledger.Audit.Supervisor")

    assert {accounts.strategy, audit.strategy} == {"rest_for_one", "one_for_all"}

    assert children(accounts) == [
             {"dynamic_supervisor", "DynamicSupervisor", "Ledger.Accounts.DynamicSupervisor",
              "always", nil},
             {"genserver", "Ledger.Accounts.Janitor", "Ledger.Accounts.Janitor", "always", nil}
           ]

    assert child(accounts, "DynamicSupervisor").strategy == "one_for_one"

    assert children(audit) == [
             {"genserver", "Ledger.Audit.Writer", "Ledger.Audit.Writer", "always", nil},
             {"dynamic_supervisor", "Ledger.Audit.SinkSupervisor", "Ledger.Audit.SinkSupervisor",
              "always", nil}
           ]

    sinks = child(audit, "Ledger.Audit.SinkSupervisor")
    assert {sinks.strategy, sinks.children, sinks.defined_in_project} == {"one_for_one", [], true}
  end

  test "processes and ETS tables", %{facts: facts} do
    assert Enum.map(facts.processes, &{&1.module, &1.behaviour}) == [
             {"Ledger.Account", "GenServer"},
             {"Ledger.Accounts.Janitor", "GenServer"},
             {"Ledger.Accounts.Supervisor", "Supervisor"},
             {"Ledger.Audit.SinkSupervisor", "DynamicSupervisor"},
             {"Ledger.Audit.Supervisor", "Supervisor"},
             {"Ledger.Audit.Writer", "GenServer"},
             {"Ledger.RateTable", "GenServer"},
             {"Ledger.Sequence", "Agent"}
           ]

    assert facts.ets == [
             %{
               table: "audit_buffer",
               options: ["ordered_set", "private"],
               module: "Ledger.Audit.Writer",
               file: "lib/ledger/audit/writer.ex",
               line: 11
             },
             %{
               table: "ledger_rates",
               options: ["named_table", "set", "protected", "read_concurrency"],
               module: "Ledger.RateTable",
               file: "lib/ledger/rate_table.ex",
               line: 18
             }
           ]
  end

  test "no Hex deps, no web or data layer", %{facts: facts} do
    assert facts.deps == []
    assert facts.web == nil
    assert facts.data == %{repos: [], schemas: [], migrations: 0, contexts: []}
  end
end
