defmodule OtpPlan.Facts.ChildSpec do
  @moduledoc """
  What one child spec, as written, starts: its module, kind and name.

  Knows the spec forms `Mod`, `{Mod, opts}`, `%{id: …, start: {M, f, a}}`,
  `Supervisor.child_spec(spec, …)`, `Mod.child_spec(…)` (`:poolboy` too) and
  the old `worker/2,3` and `supervisor/2,3`.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1, is_var: 1]
  alias OtpPlan.Facts.{Ast, Data, Definition}

  # Library modules whose role is known from their name.
  @known %{
    "Phoenix.PubSub" => "pubsub",
    "Registry" => "registry",
    "Task.Supervisor" => "task_supervisor",
    "DynamicSupervisor" => "dynamic_supervisor",
    "PartitionSupervisor" => "partition_supervisor",
    "Supervisor" => "supervisor",
    "Oban" => "oban",
    "Cluster.Supervisor" => "cluster",
    "DNSCluster" => "dns_cluster",
    "Horde.Registry" => "horde_registry",
    "Horde.DynamicSupervisor" => "horde_supervisor",
    "Finch" => "finch",
    "Cachex" => "cache",
    "ConCache" => "cache",
    "Task" => "task",
    "Agent" => "agent",
    "Broadway" => "broadway",
    ":telemetry_poller" => "telemetry",
    "Ecto.Migrator" => "worker"
  }

  # Project modules, by what they `use`.
  @by_use Map.merge(Map.new(Data.repo_uses(), &{&1, "repo"}), %{
            "Phoenix.Endpoint" => "endpoint",
            "Phoenix.Presence" => "presence",
            "Supervisor" => "supervisor",
            "DynamicSupervisor" => "dynamic_supervisor",
            "PartitionSupervisor" => "partition_supervisor",
            "Horde.DynamicSupervisor" => "horde_supervisor",
            "Horde.Registry" => "horde_registry",
            "Broadway" => "broadway",
            "Nebulex.Cache" => "cache",
            "GenServer" => "genserver",
            "GenStage" => "worker",
            "Agent" => "agent",
            "Task" => "task"
          })

  # Modules neither known nor in the project, by the last part of their name.
  @by_suffix [
    {".Repo", "repo"},
    {"Endpoint", "endpoint"},
    {".Telemetry", "telemetry"},
    {".PubSub", "pubsub"},
    {"Presence", "presence"},
    {"Supervisor", "supervisor"}
  ]

  @doc """
  Describes the child spec `ast`, written in `defn`, among the project's
  `modules`. Returns the contract's child fields except presence and children.
  """
  @spec describe(Macro.t(), Definition.t(), map) :: map
  def describe(ast, defn, modules) do
    {module, opts, form} = parts(ast, defn)
    project = module && Map.get(modules, module)

    %{
      module: module,
      label: label(ast),
      kind: by_form(kind(module, project), form),
      name: name(opts[:name], defn),
      strategy: atom_text(opts[:strategy]),
      defined_in_project: project != nil
    }
  end

  @doc "The kind of the project or library module `module` (`project` is its definition or nil)."
  @spec kind(String.t() | nil, Definition.t() | nil) :: String.t()
  def kind(nil, _project), do: "unknown"

  def kind(module, nil) do
    Map.get_lazy(@known, module, fn ->
      Enum.find_value(@by_suffix, "unknown", fn {suffix, kind} ->
        String.ends_with?(module, suffix) && kind
      end)
    end)
  end

  def kind(module, project) do
    case Enum.find_value(Definition.used(project), &@by_use[&1]) do
      "supervisor" ->
        if String.ends_with?(module, "Telemetry"), do: "telemetry", else: "supervisor"

      nil ->
        "worker"

      kind ->
        kind
    end
  end

  # A spec's `type: :supervisor` or `worker(…)` form says whether the child
  # supervises, not what it is: the module it starts decides (a Registry, an
  # Endpoint), and the form only names one the reader knows nothing about.
  defp by_form(kind, form) when kind in ["unknown", "worker"] and form != nil, do: form
  defp by_form(kind, _form), do: kind

  # {module, keyword opts, kind the spec form states or nil}
  defp parts({:%{}, _, fields}, defn) do
    {module, opts} =
      case fields[:start] do
        {:{}, _, [module, _fun, args]} ->
          module = Definition.expand(module, defn)
          {module, start_opts(module, args)}

        _ ->
          {nil, []}
      end

    {module, opts, if(fields[:type] == :supervisor, do: "supervisor")}
  end

  defp parts({{:., _, [{:__aliases__, _, [:Supervisor]}, :child_spec]}, _, [spec | _]}, defn),
    do: parts(spec, defn)

  defp parts({{:., _, [:poolboy, :child_spec]}, _, [pool | _]}, _defn),
    do: {":poolboy", [name: pool], "worker"}

  defp parts({{:., _, [module, :child_spec]}, _, args}, defn),
    do: {Definition.expand(module, defn), keyword(List.first(args)), nil}

  # `Supervisor.Spec.worker(M, args)`, the qualified old form.
  defp parts({{:., _, [target, old]}, meta, [_ | _] = args}, defn)
       when old in [:worker, :supervisor] do
    if Definition.expand(target, defn) == "Supervisor.Spec",
      do: parts({old, meta, args}, defn),
      else: {nil, [], nil}
  end

  defp parts({old, _, [module | rest]}, defn) when old in [:worker, :supervisor] do
    opts = keyword(List.last(rest))
    {Definition.expand(module, defn), opts, Atom.to_string(old)}
  end

  defp parts(name, defn) when is_name(name), do: {Definition.expand(name, defn), [], nil}
  defp parts({module, opts}, defn), do: {Definition.expand(module, defn), keyword(opts), nil}
  defp parts(module, defn), do: {Definition.expand(module, defn), [], nil}

  # The options in a map spec's start args: `[[name: …]]`, or the name in
  # Registry's positional `start_link(keys, name)`.
  defp start_opts("Registry", [keys, name]) when is_atom(keys), do: [name: name]
  defp start_opts(_module, args) when is_list(args), do: keyword(List.last(args))
  defp start_opts(_module, _args), do: []

  # `[name: …]`, or libcluster's `[topologies, [name: …]]`.
  defp keyword(list) when is_list(list) do
    cond do
      Enum.all?(list, &(match?({key, _} when is_name(key), &1) and not is_name(&1))) -> list
      list != [] and is_list(List.last(list)) -> keyword(List.last(list))
      true -> []
    end
  end

  defp keyword(_), do: []

  @doc "A name option as text: `Shop.PubSub`, `:cache`, `{:via, Registry, …}`."
  @spec name(Macro.t(), Definition.t()) :: String.t() | nil
  def name(nil, _defn), do: nil

  def name({:@, _, _} = attribute, defn) do
    # `@name __MODULE__` and friends: the attribute's value, when it has one.
    case Definition.attribute(attribute, defn) do
      nil -> nil
      {:@, _, _} -> nil
      value -> name(value, defn)
    end
  end

  # A variable or a call names nothing the source states.
  def name(var, _defn) when is_var(var) and elem(var, 0) != :__MODULE__, do: nil

  def name(ast, defn) do
    case Definition.expand(ast, defn) do
      nil -> label(ast)
      module -> module
    end
  end

  @doc "An atom option (`:one_for_one`) as text, or nil for anything else."
  @spec atom_text(Macro.t()) :: String.t() | nil
  def atom_text(atom) when is_name(atom) and atom not in [nil, true, false],
    do: Ast.name(atom)

  def atom_text(_), do: nil

  @doc "`ast` as one line of source, at most 80 characters."
  @spec label(Macro.t()) :: String.t()
  def label(ast), do: Ast.text(ast, 80)
end
