Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.ShapesTest do
  # Smaller shapes met in the wild: an app module at lib/application.ex in a
  # namespace unlike the app's, Horde + libcluster, a library, a file that
  # does not parse, and an app that writes a file when evaluated.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  test "app module at a non-standard path; pipeline, reverse, poolboy and map specs" do
    facts = facts("nonstandard")
    assert {facts.project.app, facts.project.mod} == {"pulse_agent", "Telemeter.App"}
    assert {facts.supervision.file, facts.supervision.line} == {"lib/application.ex", 7}
    assert facts.supervision.supervisor.name == "Telemeter.Supervisor"

    assert children(facts.supervision) == [
             {"genserver", "Telemeter.Socket", nil, "always", nil},
             {"worker", ":poolboy", ":telemeter_pool", "always", nil},
             {"genserver", "Telemeter.Exporter", nil, "always", nil},
             {"genserver", "Telemeter.Collector", nil, "always", nil},
             {"genserver", "Telemeter.Config", nil, "always", nil}
           ]

    assert locked(facts) == %{"poolboy" => "1.5.2"}
  end

  test "Horde and libcluster" do
    facts = facts("horde")

    assert children(facts.supervision) == [
             {"cluster", "Cluster.Supervisor", "Fleet.ClusterSupervisor", "always", nil},
             {"horde_registry", "Fleet.HordeRegistry", "Fleet.HordeRegistry", "always", nil},
             {"horde_supervisor", "Fleet.HordeSupervisor", "Fleet.HordeSupervisor", "always",
              nil},
             {"genserver", "Fleet.NodeObserver", "Fleet.NodeObserver", "always", nil}
           ]

    assert Enum.map(facts.deps, &{&1.name, &1.locked}) == [
             {"horde", "0.9.0"},
             {"libcluster", "3.3.3"},
             {"telemetry", "1.3.0"}
           ]

    assert Enum.map(facts.processes, &{&1.module, &1.behaviour}) == [
             {"Fleet.HordeRegistry", "Horde.Registry"},
             {"Fleet.HordeSupervisor", "Horde.DynamicSupervisor"},
             {"Fleet.NodeObserver", "GenServer"},
             {"Fleet.Vehicle", "GenServer"}
           ]
  end

  test "a library has no supervision tree" do
    facts = facts("library")

    assert facts.project == %{
             app: "csv_stream",
             version: "0.6.1",
             elixir: "~> 1.12",
             umbrella: false,
             mod: nil,
             extra_applications: ["logger"]
           }

    assert {facts.supervision, facts.processes, facts.web} == {nil, [], nil}

    assert Enum.map(facts.deps, &{&1.name, &1.only, &1.runtime, &1.locked}) == [
             {"ex_doc", ["dev"], false, "0.34.2"},
             {"stream_data", ["dev", "test"], true, "1.1.2"},
             {"dialyxir", ["dev"], false, "1.4.4"},
             {"benchee", ["dev"], true, "1.3.1"}
           ]
  end

  test "a file that does not parse is a warning; the rest is read, deps/ and test/ are not" do
    facts = facts("syntax_error")

    assert facts.warnings == [
             "lib/inkwell/renderer.ex:9: could not parse: unexpected reserved word: end. " <>
               "The \"{\" at line 7 is missing terminator \"}\"; the rest was read"
           ]

    assert children(facts.supervision) == [
             {"genserver", "Inkwell.Spool", "Inkwell.Spool", "always", nil},
             {"task_supervisor", "Task.Supervisor", "Inkwell.RenderSupervisor", "always", nil}
           ]

    assert Enum.map(facts.processes, & &1.module) == ["Inkwell.Spool"]
  end

  test "reading an app never evaluates it" do
    marker = Path.join(System.tmp_dir!(), "otp_plan_tripwire_evaluated")
    File.rm(marker)

    facts = facts("side_effects")

    assert children(facts.supervision) == [{"agent", "Agent", nil, "always", nil}]
    refute File.exists?(marker)
  end

  @tag :tmp_dir
  test "a project module that lists itself is entered once; an unknown mod: is reported",
       %{tmp_dir: dir} do
    File.mkdir_p!(Path.join(dir, "lib"))

    File.write!(Path.join(dir, "lib/loop.ex"), """
    defmodule Loop.Application do
      use Application
      def start(_, _), do: Supervisor.start_link([Loop.Sup], strategy: :one_for_one)
    end

    defmodule Loop.Sup do
      use Supervisor
      def init(_), do: Supervisor.init([Loop.Sup, Loop.Missing], strategy: :one_for_one)
    end
    """)

    modules = OtpPlan.Facts.Source.read(dir, []).modules
    {tree, []} = OtpPlan.Facts.Supervision.gather("Loop.Application", modules)

    assert [%{module: "Loop.Sup", children: [inner, missing]}] = tree.children
    assert {inner.module, inner.children} == {"Loop.Sup", []}

    assert {missing.module, missing.kind, missing.defined_in_project} ==
             {"Loop.Missing", "unknown", false}

    assert OtpPlan.Facts.Supervision.gather("Loop.Nowhere", modules) ==
             {%{
                module: "Loop.Nowhere",
                file: nil,
                line: nil,
                supervisor: %{
                  name: nil,
                  strategy: nil,
                  max_restarts: nil,
                  max_seconds: nil,
                  options_read: true
                },
                children: [],
                branches: []
              },
              [
                "Loop.Nowhere (mod: in mix.exs) was not found in the source; its supervision tree is unknown"
              ]}
  end
end
