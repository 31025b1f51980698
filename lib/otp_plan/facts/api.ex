defmodule OtpPlan.Facts.Api do
  @moduledoc """
  The project's public API as its source declares it: modules and how they
  are documented, behaviours (`@callback`) with the project's modules that
  implement them, protocols with their implementations, and the modules a
  host can put in its own tree (`child_spec/1`, defined or from `use`).

  A module with `@moduledoc false` is internal and left out; a file that was
  only scanned for its module names counts as a module whose docs were not read.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1]
  alias OtpPlan.Facts.{Ast, Definition}

  # `use` of these defines `child_spec/1`.
  @child_spec_uses ~w(GenServer Supervisor Agent Task DynamicSupervisor GenStage Broadway)

  @doc "The API facts of `modules` (name => definition)."
  @spec gather(%{String.t() => Definition.t()}) :: map
  def gather(modules) do
    defs = modules |> Map.values() |> Enum.sort_by(& &1.name)
    modules_with_forms = Enum.filter(defs, &(&1.form == :defmodule))

    %{
      modules:
        for(
          defn <- modules_with_forms,
          facts = module(defn),
          facts.moduledoc != "false",
          do: facts
        ),
      behaviours: behaviours(modules_with_forms),
      protocols: protocols(defs),
      child_specs: for(defn <- modules_with_forms, child_spec?(defn), do: defn.name)
    }
  end

  defp module(defn) do
    statements = Definition.statements(defn.body)
    {functions, documented, specs} = functions(statements)

    %{
      module: defn.name,
      file: defn.file,
      line: defn.line,
      moduledoc: moduledoc(statements, defn.body),
      functions: functions,
      documented: documented,
      specced: specs
    }
  end

  # "written", "false", "missing", or "not_read" (the file was not parsed).
  defp moduledoc(_statements, nil), do: "not_read"

  defp moduledoc(statements, _body) do
    Enum.find_value(statements, "missing", fn
      {:@, _, [{:moduledoc, _, [false]}]} -> "false"
      {:@, _, [{:moduledoc, _, [_]}]} -> "written"
      _ -> nil
    end)
  end

  # Public functions by name and arity, those with a `@doc` (not false) and
  # those with a `@spec`, each counted once. `@doc false` and `@impl`
  # functions are left out: hidden, or documented by their behaviour.
  defp functions(statements) do
    {public, documented, specced, _pending_doc} =
      Enum.reduce(statements, {MapSet.new(), MapSet.new(), MapSet.new(), nil}, fn
        {:@, _, [{:doc, _, [false]}]}, {p, d, s, _} ->
          {p, d, s, :hidden}

        {:@, _, [{:doc, _, [_]}]}, {p, d, s, _} ->
          {p, d, s, :doc}

        # A callback is documented and typed by its behaviour.
        {:@, _, [{:impl, _, [impl]}]}, {p, d, s, _} when impl != false ->
          {p, d, s, :impl}

        {:@, _, [{:spec, _, [spec]}]}, {p, d, s, pending} ->
          {p, d, MapSet.put(s, spec_key(spec)), pending}

        {kind, _, [head | _]}, {p, d, s, pending} when kind in [:def, :defmacro, :defdelegate] ->
          key = head_key(head)

          cond do
            key == nil -> {p, d, s, nil}
            pending in [:hidden, :impl] -> {p, d, s, nil}
            pending == :doc -> {MapSet.put(p, key), MapSet.put(d, key), s, nil}
            true -> {MapSet.put(p, key), d, s, nil}
          end

        _, acc ->
          acc
      end)

    {MapSet.size(public), MapSet.size(documented),
     MapSet.size(MapSet.intersection(public, specced))}
  end

  defp head_key({:when, _, [call | _]}), do: head_key(call)
  defp head_key({name, _, args}) when is_name(name), do: {Ast.name(name), arity(args)}
  defp head_key(_), do: nil

  defp spec_key({:"::", _, [call | _]}), do: head_key(call)
  defp spec_key({:when, _, [spec | _]}), do: spec_key(spec)
  defp spec_key(_), do: nil

  defp arity(args) when is_list(args), do: length(args)
  defp arity(_), do: 0

  defp behaviours(defs) do
    for defn <- defs, callbacks = callbacks(defn), callbacks != [] do
      %{
        module: defn.name,
        callbacks: callbacks,
        implementations: for(other <- defs, defn.name in implemented(other), do: other.name)
      }
    end
  end

  defp callbacks(defn) do
    for {:@, _, [{kind, _, [spec]}]} <- Definition.statements(defn.body),
        kind in [:callback, :macrocallback],
        {name, arity} <- [spec_key(spec)],
        do: "#{name}/#{arity}"
  end

  defp implemented(defn) do
    for {:@, _, [{:behaviour, _, [behaviour]}]} <- Definition.statements(defn.body),
        name = Definition.expand(behaviour, defn),
        do: name
  end

  defp protocols(defs) do
    impls = Enum.filter(defs, &(&1.form == :defimpl))

    for defn <- defs, defn.form == :defprotocol do
      %{
        module: defn.name,
        implementations:
          for(impl <- impls, String.starts_with?(impl.name, defn.name <> "."), do: impl.impl_for)
      }
    end
  end

  defp child_spec?(defn) do
    Map.has_key?(defn.defs, {:child_spec, 1}) or
      Enum.any?(Definition.used(defn), &(&1 in @child_spec_uses))
  end
end
