Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.LaunchersTest do
  # Trees started the long way round: start/2 hands over to a function of
  # its own that starts the supervisor inside a fn, the children come from
  # `{children, opts} = role_children(role)` per role module, an imported
  # `start_if(fn -> spec end, fn -> check end)`, `Supervisor.Spec.worker/2`,
  # a project `child_spec/0` (the child is named by its module), and a `for`
  # over a literal list; in an umbrella, a helper of a sibling app.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  setup_all do
    %{facts: facts("launchers")}
  end

  test "start/2 delegating to a local function that starts inside a fn is read there",
       %{facts: facts} do
    modules = Enum.map(facts.supervision.children, & &1.module)

    assert modules == [
             "Kiln.Clock",
             "Kiln.Store",
             "Kiln.Alarm",
             "Kiln.ZoneSupervisor",
             "Kiln.ZoneSupervisor",
             "Kiln.Burner",
             "Kiln.Thermocouple",
             "Kiln.Recorder"
           ]
  end

  test "shared children are unconditional; an imported start_if reads as its check",
       %{facts: facts} do
    assert child(facts.supervision, "Kiln.Clock").presence == "always"
    assert child(facts.supervision, "Kiln.Store").presence == "always"

    alarm = child(facts.supervision, "Kiln.Alarm")
    assert alarm.presence == "conditional"
    assert alarm.condition == ~s{System.get_env("KILN_ALARM") == "on"}
  end

  test "a for over a literal list is one child per element, each with its tree",
       %{facts: facts} do
    zones = Enum.filter(facts.supervision.children, &(&1.module == "Kiln.ZoneSupervisor"))
    assert length(zones) == 2
    assert Enum.all?(zones, &(&1.presence == "always"))
    assert Enum.all?(zones, &(Enum.map(&1.children, fn c -> c.module end) == ["Kiln.Heater"]))
  end

  test "role children read through tuples are conditional, once per source entry",
       %{facts: facts} do
    for module <- ["Kiln.Burner", "Kiln.Thermocouple", "Kiln.Recorder"] do
      assert [%{presence: "conditional", condition: condition}] =
               Enum.filter(facts.supervision.children, &(&1.module == module))

      # reached from two branches: the full role and its own
      assert condition =~ " or "
    end
  end

  test "a sibling app's helper is followed in an umbrella" do
    [_core, gauge] = Enum.sort_by(facts("umbrella_shared").apps, &(&1.app != "gauge_core"))

    assert children(gauge.supervision) == [
             {"unknown", "Gauge.Sampler", nil, "always", nil},
             {"unknown", "GaugeCore.Reporter", nil, "conditional",
              "!match?(nil, Application.get_env(:gauge_core, :reporter))"}
           ]
  end
end
