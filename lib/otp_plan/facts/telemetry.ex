defmodule OtpPlan.Facts.Telemetry do
  @moduledoc """
  The metrics the project defines with `Telemetry.Metrics` (`summary/2`,
  `counter/2`, ...; each as `"summary phoenix.endpoint.stop.duration"`) and
  the reporters that export them (TelemetryMetricsPrometheus, PromEx, ...),
  each with the module that names it.
  """

  alias OtpPlan.Facts.Definition

  @metric_functions [:summary, :counter, :last_value, :sum, :distribution]
  @importing_uses ~w(PromEx.Plugin)
  @reporters ~w(TelemetryMetricsPrometheus TelemetryMetricsPrometheus.Core TelemetryMetricsStatsd
                Telemetry.Metrics.ConsoleReporter TelemetryMetricsAppsignal PromEx)

  @doc "The telemetry facts of `modules` (name => definition)."
  @spec gather(%{String.t() => Definition.t()}) :: map
  def gather(modules) do
    defs = modules |> Map.values() |> Enum.sort_by(& &1.name)

    %{
      metrics:
        for(defn <- defs, metric <- metrics(defn), do: Map.put(metric, :module, defn.name)),
      reporters:
        for(
          defn <- defs,
          reporter <- reporters(defn),
          uniq: true,
          do: %{reporter: reporter, module: defn.name}
        )
    }
  end

  defp metrics(%{body: nil}), do: []

  defp metrics(defn) do
    bare? = imports_metrics?(defn)

    {_, found} =
      Macro.prewalk(defn.body, [], fn
        {fun, meta, [name | _]} = node, acc
        when bare? and fun in @metric_functions and is_binary(name) ->
          {node, [%{metric: "#{fun} #{name}", line: meta[:line]} | acc]}

        {{:., _, [target, fun]}, meta, [name | _]} = node, acc
        when fun in @metric_functions and is_binary(name) ->
          if Definition.expand(target, defn) == "Telemetry.Metrics",
            do: {node, [%{metric: "#{fun} #{name}", line: meta[:line]} | acc]},
            else: {node, acc}

        node, acc ->
          {node, acc}
      end)

    Enum.reverse(found)
  end

  # An unqualified `summary("…")` is Telemetry.Metrics' only where the module
  # imports it (PromEx.Plugin's `use` does): other libraries have their own
  # (phoenix_swagger's `summary/1` in controllers).
  defp imports_metrics?(defn) do
    "Telemetry.Metrics" in defn.imports or
      Enum.any?(Definition.used(defn), &(&1 in @importing_uses))
  end

  defp reporters(%{body: nil}), do: []

  defp reporters(defn) do
    used = for name <- Definition.used(defn), name in @reporters, do: name

    {_, named} =
      Macro.prewalk(defn.body, [], fn
        {:__aliases__, _, _} = node, acc ->
          name = Definition.expand(node, defn)
          {node, if(name in @reporters, do: [name | acc], else: acc)}

        node, acc ->
          {node, acc}
      end)

    Enum.uniq(used ++ Enum.reverse(named))
  end
end
