defmodule OtpPlan.Facts.Supervision do
  @moduledoc """
  The supervision tree as written: the application module's `start/2`, the
  children it hands to `Supervisor.start_link/2`, and, recursively, the
  children of every supervisor defined in the project (`use Supervisor`,
  `use DynamicSupervisor`, Horde's, or any `init/1` returning
  `Supervisor.init/2`). A module already on the path is not entered again,
  and the tree is read at most #{32} supervisors deep (past that, a warning).
  """

  @max_depth 32

  import OtpPlan.Facts.Ast, only: [is_name: 1, is_var: 1]
  alias OtpPlan.Facts.{Children, ChildSpec, Definition}

  @doc """
  The tree under the application module `app_module` (nil for a library),
  and the warnings met on the way.
  """
  @spec gather(String.t() | nil, %{String.t() => Definition.t()}) :: {map | nil, [String.t()]}
  def gather(nil, _modules), do: {nil, []}

  def gather(app_module, modules) do
    case modules[app_module] do
      %Definition{defs: %{{:start, 2} => [start | _]}} = defn ->
        body = starting_body(defn, start.body, modules, [])
        {opts, items} = application_children(defn, body, modules)
        children = Enum.map(items, &child(&1, modules, [app_module]))
        branches = branches(body, defn, modules, app_module)

        depth_warnings =
          if depth(children) > @max_depth,
            do: [
              "#{app_module}: supervision tree nested deeper than #{@max_depth} supervisors; " <>
                "read to depth #{@max_depth}"
            ],
            else: []

        supervisor = supervisor_options(opts, defn)
        starts = [%{supervisor: supervisor, line: start_line(body, defn)} | branches]

        {%{
           module: app_module,
           file: defn.file,
           line: start.line,
           supervisor: supervisor,
           children: children,
           branches: branches
         }, depth_warnings ++ unread_warnings(starts, defn)}

      defn ->
        where = if defn, do: "has no start/2 in #{defn.file}", else: "was not found in the source"

        {%{
           module: app_module,
           file: defn && defn.file,
           line: defn && defn.line,
           supervisor: supervisor_options([], nil),
           children: [],
           branches: []
         }, ["#{app_module} (mod: in mix.exs) #{where}; its supervision tree is unknown"]}
    end
  end

  # start/2 either starts a supervisor with a children list, or delegates to
  # a supervisor module of the project whose children are then the app's.
  # When start/2 has several (in branches: a standalone mode, a default), the
  # whole body is resolved, each call's children under its branch's condition.
  # A start/2 that leaves the starting to a function of its own module
  # (`start_root_supervisor()`, `do_start(type, args)`) is read in that function.
  defp application_children(defn, body, modules) do
    case start_links(body, defn) do
      [{[_children, opts], call}, _ | _] ->
        {literal_opts(opts, defn, around(body, call)), Children.resolve(body, defn, modules, [])}

      [{[children, opts], call}] ->
        statements = around(body, call)

        {literal_opts(opts, defn, statements),
         Children.resolve(children, defn, modules, statements)}

      [] ->
        case delegate(body, defn, modules) do
          nil -> {[], []}
          target -> {[], [{:spec, target, defn, []}]}
        end
    end
  end

  # The body that starts the app's supervisor: `body`, or the first function
  # of the module it calls that does (followed a few calls deep).
  defp starting_body(defn, body, modules, seen) do
    if starts?(body, defn, modules) do
      body
    else
      Enum.find_value(Definition.local_calls(defn, body), body, fn key ->
        with false <- key in seen or length(seen) >= 4,
             [clause | _] <- defn.defs[key],
             found = starting_body(defn, clause.body, modules, [key | seen]),
             true <- starts?(found, defn, modules) do
          found
        else
          _ -> nil
        end
      end)
    end
  end

  defp starts?(body, defn, modules),
    do: start_links(body, defn) != [] or delegate(body, defn, modules) != nil

  # When start/2 has several `Supervisor.start_link` calls, each with the
  # branch it is in: its condition (nil at the top level), `default` when
  # every branch taken to reach it is an `else` or a catch-all, and its own
  # supervisor and children. Empty for one call, or when a call sits where
  # this walk does not look (the merged `children` then stand alone).
  defp branches(body, defn, modules, app_module) do
    found = start_branches(body, defn, [], [], true)

    if length(found) > 1 and length(found) == length(start_links(body, defn)) do
      for {[children, opts], line, conds, default, before} <- found do
        items = Children.resolve(children, defn, modules, before)

        %{
          condition: condition(conds),
          default: default,
          line: line,
          supervisor: supervisor_options(literal_opts(opts, defn, before), defn),
          children: Enum.map(items, &child(&1, modules, [app_module]))
        }
      end
    else
      []
    end
  end

  # `before`: the statements already run on the way (for the variables they bind).
  defp start_branches({:__block__, _, statements}, defn, conds, before, default) do
    {found, _} =
      Enum.flat_map_reduce(statements, before, fn statement, before ->
        {start_branches(statement, defn, conds, before, default), before ++ [statement]}
      end)

    found
  end

  defp start_branches({:=, _, [_pattern, expr]}, defn, conds, before, default),
    do: start_branches(expr, defn, conds, before, default)

  defp start_branches({op, _, [condition, blocks]}, defn, conds, before, default)
       when op in [:if, :unless] and is_list(blocks) do
    {yes, no} = {Children.text(condition), Children.text({:!, [], [condition]})}
    {taken, other} = if op == :if, do: {yes, no}, else: {no, yes}

    start_branches(blocks[:do], defn, conds ++ [taken], before, false) ++
      start_branches(blocks[:else], defn, conds ++ [other], before, default)
  end

  defp start_branches({:case, _, [subject, [do: clauses]]}, defn, conds, before, default)
       when is_list(clauses) do
    {found, _} =
      clauses
      |> Enum.filter(&match?({:->, _, [[_pattern], _body]}, &1))
      |> Enum.flat_map_reduce([], fn {:->, _, [[pattern], body]}, previous ->
        if is_var(pattern) do
          otherwise =
            if previous == [],
              do: conds,
              else:
                conds ++ [Children.text({:!, [], [Enum.reduce(previous, &{:or, [], [&2, &1]})]})]

          {start_branches(body, defn, otherwise, before, default), previous}
        else
          test = {:match?, [], [pattern, subject]}

          {start_branches(body, defn, conds ++ [Children.text(test)], before, false),
           previous ++ [test]}
        end
      end)

    found
  end

  defp start_branches(
         {{:., _, [target, :start_link]}, meta, [children, _] = args},
         defn,
         conds,
         before,
         default
       ) do
    if Definition.expand(target, defn) == "Supervisor" and
         not match?({:__MODULE__, _, _}, children),
       do: [{args, meta[:line], conds, default, before}],
       else: []
  end

  defp start_branches(_ast, _defn, _conds, _before, _default), do: []

  # The `Supervisor.start_link(children, opts)` calls in `body`, as
  # {argument list, call}.
  defp start_links(body, defn) do
    for {"Supervisor", :start_link, [children, _opts] = args, call} <-
          Definition.calls(defn, body),
        not match?({:__MODULE__, _, _}, children),
        do: {args, call}
  end

  # The statements of the innermost block around `call` (the variables its
  # arguments name are bound there, maybe inside a `fn`).
  defp around(body, call) do
    {_, innermost} =
      Macro.prewalk(body, Definition.statements(body), fn
        {:__block__, _, statements} = block, acc ->
          {block, if(contains?(block, call), do: statements, else: acc)}

        node, acc ->
          {node, acc}
      end)

    innermost
  end

  defp contains?(ast, node) do
    {_, found} = Macro.prewalk(ast, false, &{&1, &2 or &1 == node})
    found
  end

  defp delegate(body, defn, modules) do
    Enum.find_value(Definition.calls(defn, body), fn
      {module, :start_link, _args, {{:., _, [target, _]}, _, _}} ->
        supervisor?(modules[module]) && target

      _ ->
        nil
    end)
  end

  # One entry whose branches each pick one spec: one child naming them all.
  defp child({:choice, ast, items, conds}, modules, path) do
    picked = Enum.map(items, &child(&1, modules, path))
    modules_picked = picked |> Enum.map(& &1.module) |> Enum.uniq()
    kinds = picked |> Enum.map(& &1.kind) |> Enum.uniq()

    %{
      module: with([module] <- modules_picked, do: module, else: (_ -> nil)),
      label: "one of " <> Enum.map_join(picked, ", ", &(&1.module || &1.label)),
      kind: with([kind] <- kinds, do: kind, else: (_ -> "unknown")),
      name: nil,
      presence: if(conds == [], do: "always", else: "conditional"),
      condition: condition(conds),
      call: "one per branch of " <> ChildSpec.label(ast),
      strategy: nil,
      defined_in_project: Enum.any?(picked, & &1.defined_in_project),
      children: []
    }
  end

  defp child({:opaque, ast, conds}, _modules, _path) do
    %{
      module: nil,
      label: ChildSpec.label(ast),
      kind: "unknown",
      name: nil,
      presence: "opaque",
      condition: condition(conds),
      call: Children.text(ast),
      strategy: nil,
      defined_in_project: false,
      children: []
    }
  end

  defp child({:spec, ast, defn, conds}, modules, path) do
    spec = ChildSpec.describe(ast, defn, modules)
    project = spec.module && modules[spec.module]
    started = project && started(project, modules)

    spec = %{
      spec
      | name: spec.name || (project && registered_name(project)),
        kind: if(started != project, do: ChildSpec.kind(started.name, started), else: spec.kind)
    }

    {strategy, children} =
      case started && started.name not in path && length(path) <= @max_depth &&
             supervision(started, modules) do
        {opts, items} ->
          {ChildSpec.atom_text(opts[:strategy]),
           Enum.map(items, &child(&1, modules, [started.name | path]))}

        _ ->
          {spec.strategy, []}
      end

    Map.merge(spec, %{
      presence: if(conds == [], do: "always", else: "conditional"),
      condition: condition(conds),
      call: nil,
      strategy: strategy,
      children: children
    })
  end

  # Levels of children below (and including) `children`; a cut node counts one more.
  defp depth([]), do: 0
  defp depth(children), do: 1 + Enum.max(Enum.map(children, &depth(&1.children)))

  # The project module a child of module `project` really starts: the one its
  # `child_spec/1` hands over to (`defdelegate child_spec(opts), to: X`, or a
  # child_spec/1 returning X's spec), else `project` itself.
  defp started(project, modules) do
    target =
      Enum.find_value(Definition.statements(project.body), fn
        {:defdelegate, _, [{:child_spec, _, _}, opts]} when is_list(opts) ->
          Definition.expand(opts[:to], project)

        _ ->
          nil
      end) || returned_spec(project, modules)

    Map.get(modules, target, project)
  end

  defp returned_spec(project, modules) do
    case project.defs[{:child_spec, 1}] do
      [clause] ->
        last = clause.body |> Definition.statements() |> List.last()
        last && ChildSpec.describe(last, project, modules).module

      _ ->
        nil
    end
  end

  defp condition([]), do: nil
  defp condition(conds), do: Enum.join(conds, " and ")

  @doc "Whether the project module `defn` is a supervisor."
  @spec supervisor?(Definition.t() | nil) :: boolean
  def supervisor?(nil), do: false
  def supervisor?(defn), do: supervision(defn, %{}) != nil

  # {options, child items} of a project supervisor, or nil when it is none.
  defp supervision(defn, modules) do
    init = List.first(defn.defs[{:init, 1}] || [])
    init_body = init && init.body
    statements = Definition.statements(init_body)

    cond do
      args = init && supervisor_call(init_body, defn, "Supervisor", :init) ->
        [children, opts] = args

        {literal_opts(opts, defn, statements),
         Children.resolve(children, defn, modules, statements)}

      args = init && dynamic_init(init_body, defn) ->
        {literal_opts(List.first(args), defn, statements), []}

      supervisor = inline_start(defn) ->
        {clause, [children, opts]} = supervisor
        statements = Definition.statements(clause.body)

        {literal_opts(opts, defn, statements),
         Children.resolve(children, defn, modules, statements)}

      Enum.any?(Definition.used(defn), &(&1 in ~w(Supervisor DynamicSupervisor))) ->
        {[], []}

      true ->
        nil
    end
  end

  defp dynamic_init(body, defn) do
    Enum.find_value(
      ~w(DynamicSupervisor Horde.DynamicSupervisor PartitionSupervisor),
      fn module ->
        supervisor_call(body, defn, module, :init)
      end
    )
  end

  # A start_link that builds the children itself: Supervisor.start_link(list, opts).
  defp inline_start(defn) do
    Enum.find_value(defn.defs[{:start_link, 1}] || defn.defs[{:start_link, 0}] || [], fn clause ->
      case supervisor_call(clause.body, defn, "Supervisor", :start_link) do
        [{:__MODULE__, _, _}, _] -> nil
        [_children, _opts] = args -> {clause, args}
        _ -> nil
      end
    end)
  end

  # The `name:` a module gives itself when it starts: the options of the
  # `*.start_link(…, name: …)` call in its start_link/1.
  defp registered_name(defn) do
    Enum.find_value(defn.defs[{:start_link, 1}] || [], fn clause ->
      Enum.find_value(Definition.calls(defn, clause.body), fn
        {_, :start_link, [_ | _] = args, _} ->
          with [_ | _] = opts <- List.last(args), true <- Keyword.keyword?(opts) do
            ChildSpec.name(opts[:name], defn)
          else
            _ -> nil
          end

        _ ->
          nil
      end)
    end)
  end

  # The arguments of the first call `module.fun(…)` in `body` (2 args, or 1 for init/1).
  defp supervisor_call(body, defn, module, fun) do
    Enum.find_value(Definition.calls(defn, body), fn
      {^module, ^fun, args, _call} -> args
      _ -> nil
    end)
  end

  # The keyword options as written, or nil when they are built where the
  # reader does not follow (another function's result, a runtime value).
  defp literal_opts(opts, defn, statements) do
    case Children.literal(opts, defn, statements) do
      list when is_list(list) ->
        Enum.filter(list, &(match?({key, _} when is_name(key), &1) and not is_name(&1)))

      _ ->
        nil
    end
  end

  # Unread options state nothing, not the defaults: `options_read` says which.
  defp supervisor_options(opts, defn) do
    %{
      name: defn && ChildSpec.name(opts[:name], defn),
      strategy: ChildSpec.atom_text(opts[:strategy]),
      max_restarts: integer(opts[:max_restarts]),
      max_seconds: integer(opts[:max_seconds]),
      options_read: opts != nil
    }
  end

  defp start_line(body, defn) do
    case start_links(body, defn) do
      [{_args, {_, meta, _}} | _] -> meta[:line]
      _ -> nil
    end
  end

  defp unread_warnings(starts, defn) do
    for %{supervisor: %{options_read: false}, line: line} <- starts, uniq: true do
      "#{defn.file}:#{line}: the options given to Supervisor.start_link/2 are built where " <>
        "they are not read; its name, strategy and restart intensity are unknown"
    end
  end

  defp integer(value) when is_integer(value), do: value
  defp integer(_), do: nil
end
