defmodule OtpPlan.Facts.TelemetryTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.{Ast, Definition, Telemetry}

  # `summary/1` is also an API-doc macro (and any project's own function):
  # an unqualified call is a metric only where Telemetry.Metrics is imported.
  test "unqualified metric calls count only where Telemetry.Metrics is imported" do
    source = """
    defmodule Kettle.Metrics do
      import Telemetry.Metrics
      def metrics, do: [summary("kettle.boil.duration"), counter("kettle.pour.count")]
    end

    defmodule Kettle.Plugin do
      use PromEx.Plugin
      def metrics, do: [last_value("kettle.water.level")]
    end

    defmodule Kettle.Qualified do
      alias Telemetry.Metrics
      def metrics, do: [Metrics.sum("kettle.cups.total")]
    end

    defmodule KettleWeb.BrewController do
      use KettleWeb, :controller
      swagger_path :index do
        summary("List brews")
      end
      def index(conn, _), do: conn
    end
    """

    {:ok, ast} = Ast.parse(source, "lib/kettle.ex")
    modules = Map.new(Definition.all(ast, "lib/kettle.ex"), &{&1.name, &1})

    assert Enum.map(Telemetry.gather(modules).metrics, &{&1.module, &1.metric}) == [
             {"Kettle.Metrics", "summary kettle.boil.duration"},
             {"Kettle.Metrics", "counter kettle.pour.count"},
             {"Kettle.Plugin", "last_value kettle.water.level"},
             {"Kettle.Qualified", "sum kettle.cups.total"}
           ]
  end
end
