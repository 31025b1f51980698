defmodule OtpPlan.Facts.Jobs do
  @moduledoc """
  Work that runs beside the request path, as the config and source state it:
  Oban instances (`config :app, Oban, …` in `config/` or `rel/config/`, or
  `{Oban, repo: …}` written in the source) with their repo, queues and
  limits, plugins and cron entries; Oban workers (`use Oban.Worker, …`, or
  `use` of a project module whose `__using__/1` uses it);
  Broadway pipelines (`use Broadway` and the options of its
  `Broadway.start_link/2`); and libcluster topologies (`config :libcluster,
  topologies: …`, or a topology list in a module that starts
  `Cluster.Supervisor`).

  Config files are parsed, never evaluated. A variable is followed to what
  the file or function bound it to; a value that is still no literal is
  reported as "built by `expr`", never as a name. Every item keeps its file
  and line.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1, is_var: 1]
  alias OtpPlan.Facts.{Ast, Definition, Files}

  @worker_uses ["Oban.Worker", "Oban.Pro.Worker"]

  # Constructs a config file's `config` call can sit in that the config walk does
  # not enter (it enters only `if` and `unless`).
  @constructs [:case, :cond, :with, :for, :fn, :def, :defp, :defmodule, :receive, :try, :quote]

  # Numbers the facts contract holds (a signed 64-bit integer); larger ones are shown as written.
  @max_number 9_223_372_036_854_775_807

  @doc """
  The jobs facts of the project at `root` (config files shown under
  `prefix`) and of its `modules`, with the warnings of config files that
  could not be read.
  """
  @spec gather(Path.t(), String.t(), %{String.t() => Definition.t()}) :: {map, [String.t()]}
  def gather(root, prefix, modules) do
    defs = modules |> Map.values() |> Enum.sort_by(& &1.name)
    {configs, warnings} = configs(root, prefix)
    {config_obans, oban_unread} = configs |> Enum.map(&oban_configs/1) |> unzip()
    {inline, inline_unread} = defs |> Enum.map(&inline_obans/1) |> unzip()
    {topologies, topologies_unread} = configs |> Enum.map(&config_topologies/1) |> unzip()

    facts = %{
      oban: config_obans ++ inline,
      workers: workers(defs),
      pipelines: for(defn <- defs, "Broadway" in Definition.used(defn), do: pipeline(defn)),
      topologies: topologies ++ Enum.flat_map(defs, &source_topologies/1)
    }

    {facts,
     warnings ++
       Enum.flat_map(configs, &unreached/1) ++ oban_unread ++ inline_unread ++ topologies_unread}
  end

  # Per file or module, {items read, warnings for items not read}: all items, then all warnings.
  defp unzip(pairs) do
    {items, warnings} = Enum.unzip(pairs)
    {Enum.concat(items), Enum.concat(warnings)}
  end

  ## Config files

  # Each config file that names Oban or libcluster, as {shown path, calls, ast}:
  # every `config` call with the conditions it sits under and the bindings before
  # it, and the whole file for the calls that walk does not reach.
  defp configs(root, prefix) do
    {files, list_warnings} = Files.list(root, ["config", "rel/config"], ".exs", [])

    results =
      for path <- files, shown = Path.join(prefix, path) do
        with {:ok, text} <- Files.read(root, path, shown),
             true <- String.contains?(text, ["Oban", "libcluster"]) || :skip,
             {:ok, ast} <- Ast.parse(text, shown) do
          {:ok, {shown, config_calls(Definition.statements(ast), %{}, []), ast}}
        else
          {:error, line, message} ->
            {:error,
             "#{shown}:#{line}: could not parse: #{message}; its Oban and libcluster config was not read"}

          {:error, warning} ->
            {:error, warning}

          _ ->
            :skip
        end
      end

    {for({:ok, config} <- results, do: config),
     Enum.map(list_warnings, &Path.join(prefix, &1)) ++ for({:error, w} <- results, do: w)}
  end

  # {call_meta, app, key | nil, opts, bindings, conditions} for each `config` call,
  # walking into `if`/`unless` blocks; bindings are the `var = expr` seen before it.
  defp config_calls(statements, bindings, conds) do
    {calls, _} =
      Enum.flat_map_reduce(statements, bindings, fn
        {:=, _, [{name, _, _} = var, expr]}, bindings when is_var(var) ->
          {[], Map.put(bindings, name, expr)}

        {:config, meta, [app, key, opts]}, bindings ->
          {[{meta, Ast.name(app), key, opts, bindings, conds}], bindings}

        {:config, meta, [app, opts]}, bindings when is_list(opts) ->
          {[{meta, Ast.name(app), nil, opts, bindings, conds}], bindings}

        {branch, _, [condition, blocks]}, bindings
        when branch in [:if, :unless] and is_list(blocks) ->
          text = Ast.text(condition, 80)
          {yes, no} = if branch == :if, do: {text, "not (#{text})"}, else: {"not (#{text})", text}

          {config_calls(Definition.statements(blocks[:do]), bindings, conds ++ [yes]) ++
             config_calls(Definition.statements(blocks[:else]), bindings, conds ++ [no]),
           bindings}

        _, bindings ->
          {[], bindings}
      end)

    calls
  end

  defp oban_configs({file, calls, _ast}) do
    found =
      for {meta, app, key, opts, bindings, conds} <- calls,
          key = oban_key(key),
          opts = follow(opts, bindings),
          opts != [] do
        if keyword?(opts),
          do:
            {:ok,
             oban(opts, key, app, file, meta[:line], condition(conds), &follow(&1, bindings), nil)},
          else:
            {:unread,
             "#{file}:#{meta[:line]}: the options of `config :#{app}, #{key}` are #{built_by(opts)}; not read"}
      end

    {for({:ok, oban} <- found, do: oban), for({:unread, warning} <- found, do: warning)}
  end

  # `config` calls for Oban or libcluster that sit where the config walk does not
  # look (a `case`, a `for`, a function): their options are not read, and said so,
  # naming the innermost construct around them other than `if`/`unless`.
  defp unreached({file, calls, ast}) do
    reached =
      MapSet.new(calls, fn {meta, _app, _key, _opts, _bindings, _conds} -> meta[:line] end)

    {_, {_, found}} =
      Macro.traverse(
        ast,
        {[], []},
        fn
          {:config, meta, [app, key | _]} = node, {within, found} ->
            named = config_subject(app, key)

            if named && within != [] && not MapSet.member?(reached, meta[:line]),
              do: {node, {within, [{meta[:line], named, hd(within)} | found]}},
              else: {node, {within, found}}

          {form, _, args} = node, {within, found} when form in @constructs and is_list(args) ->
            {node, {[form | within], found}}

          node, acc ->
            {node, acc}
        end,
        fn
          {form, _, args} = node, {[_ | within], found}
          when form in @constructs and is_list(args) ->
            {node, {within, found}}

          node, acc ->
            {node, acc}
        end
      )

    for {line, named, form} <- Enum.reverse(found) do
      "#{file}:#{line}: `#{named}` sits inside `#{form}`, which this reader does not follow; its options were not read"
    end
  end

  # `config :app, Oban…` or `config :libcluster`, as written; nil for other config.
  defp config_subject(app, key) do
    cond do
      Ast.name(app) == "libcluster" -> "config :libcluster"
      name = oban_key(key) -> "config :#{Ast.name(app)}, #{name}"
      true -> nil
    end
  end

  # `Oban` or `Oban.*` as a config key: the keyword list an app hands to `{Oban, …}`.
  defp oban_key({:__aliases__, _, parts}) do
    name = Ast.dotted(parts)
    if name == "Oban" or String.starts_with?(name, "Oban."), do: name
  end

  defp oban_key(_key), do: nil

  defp config_topologies({file, calls, _ast}) do
    found =
      for {meta, "libcluster", key, opts, bindings, conds} <- calls,
          list = topologies_value(key, opts, bindings) do
        if is_list(list),
          do: {:ok, topologies(list, nil, file, meta[:line], condition(conds))},
          else:
            {:unread,
             "#{file}:#{meta[:line]}: the libcluster topologies are #{built_by(list)}; not read"}
      end

    {for({:ok, topologies} <- found, topology <- topologies, do: topology),
     for({:unread, warning} <- found, do: warning)}
  end

  # `config :libcluster, topologies: […]` or `config :libcluster, :topologies, […]`.
  defp topologies_value(nil, opts, bindings) do
    Enum.find_value(opts, fn
      {key, value} -> if Ast.name(key) == "topologies", do: follow(value, bindings)
      _ -> nil
    end)
  end

  defp topologies_value(key, value, bindings) do
    if Ast.name(key) == "topologies", do: follow(value, bindings)
  end

  defp condition([]), do: nil
  defp condition(conds), do: Enum.join(conds, " and ")

  defp follow({name, _, _} = var, bindings) when is_var(var), do: Map.get(bindings, name, var)
  defp follow(ast, _bindings), do: ast

  ## Oban

  defp oban(opts, key, app, file, line, condition, follow, defn) do
    option = &option(opts, &1, follow)

    {queues, queues_built_by} =
      case option.("queues") do
        nil -> {[], nil}
        false -> {[], nil}
        list when is_list(list) -> {queues(list, follow), nil}
        other -> {[], built_by(other)}
      end

    plugins =
      case option.("plugins") do
        list when is_list(list) -> list
        absent when absent in [nil, false] -> []
        other -> [other]
      end

    %{
      key: key,
      otp_app: app,
      name: module_text(option.("name"), defn),
      file: file,
      line: line,
      condition: condition,
      repo: module_text(option.("repo"), defn),
      queues: queues,
      queues_built_by: queues_built_by,
      queues_disabled: option.("queues") == false,
      plugins: Enum.map(plugins, &plugin(&1, defn)),
      cron: cron(option.("crontab"), follow, defn) ++ plugin_cron(plugins, follow, defn),
      testing: name_text(option.("testing"))
    }
  end

  # Oban options as literals where the source has them.
  defp option(opts, name, follow) do
    Enum.find_value(opts, fn
      {key, value} when is_name(key) -> if Ast.name(key) == name, do: {:found, follow.(value)}
      _ -> nil
    end)
    |> case do
      {:found, value} -> value
      nil -> nil
    end
  end

  defp queues(list, follow) do
    for {queue, value} <- list, is_name(queue) do
      value = follow.(value)

      {limit, paused} =
        if keyword?(value),
          do: {option(value, "limit", follow), option(value, "paused", follow)},
          else: {value, nil}

      %{queue: Ast.name(queue), limit: setting(limit), paused: setting(paused)}
    end
  end

  defp plugin({module, _opts}, defn), do: module_text(module, defn)
  defp plugin(module, defn), do: module_text(module, defn)

  defp plugin_cron(plugins, follow, defn) when is_list(plugins) do
    Enum.flat_map(plugins, fn
      {module, opts} when is_list(opts) ->
        if module_text(module, defn) == "Oban.Plugins.Cron",
          do: cron(option(opts, "crontab", follow), follow, defn),
          else: []

      _ ->
        []
    end)
  end

  defp plugin_cron(_plugins, _follow, _defn), do: []

  defp cron(entries, follow, defn) when is_list(entries) do
    for entry <- entries, entry = follow.(entry), {schedule, worker} <- cron_entry(entry) do
      %{
        schedule: if(is_binary(schedule), do: schedule, else: built_by(schedule)),
        worker: module_text(worker, defn),
        line: line(worker)
      }
    end
  end

  defp cron(_entries, _follow, _defn), do: []

  defp cron_entry({schedule, worker}), do: [{schedule, worker}]
  defp cron_entry({:{}, _, [schedule, worker | _]}), do: [{schedule, worker}]
  defp cron_entry(_entry), do: []

  # `{Oban, repo: …, queues: …}` written in a module (a child list); options
  # read from config are found where the config is. Options given as a whole
  # (`{Oban, oban_opts()}`, `{Oban, @oban}`, `{Oban, opts}`) are followed to a
  # keyword list where this module has one; options from the app env
  # (`Application.get_env(:app, Oban)`) are the config statements read; any
  # other value is named in a warning, never silently dropped.
  defp inline_obans(%{body: nil}), do: {[], []}

  defp inline_obans(defn) do
    {_, found} =
      Macro.prewalk(defn.body, [], fn
        {{:__aliases__, meta, _} = module, opts} = node, acc ->
          if Definition.expand(module, defn) == "Oban",
            do: {node, [inline_oban(opts, meta[:line], defn) | acc]},
            else: {node, acc}

        node, acc ->
          {node, acc}
      end)

    found = Enum.reverse(found)
    {for({:ok, oban} <- found, do: oban), for({:unread, warning} <- found, do: warning)}
  end

  defp inline_oban(opts, line, defn) do
    value = whole_options(opts, defn)

    cond do
      keyword?(value) and value != [] ->
        {:ok, oban(value, nil, nil, defn.file, line, nil, &literal(&1, defn), defn)}

      value == [] or app_env?(value) or ignored?(value) ->
        :skip

      true ->
        {:unread,
         "#{defn.file}:#{line}: the options of `{Oban, #{Ast.text(opts, 60)}}` are #{built_by(value)}; not read"}
    end
  end

  # The options given as a whole, followed to what they are: a module
  # attribute's value, a variable's binding in the function that has it, the
  # last expression of a local function of one clause.
  defp whole_options(opts, defn) do
    case literal(opts, defn) do
      {_name, _, context} = var when is_var(var) and is_atom(context) ->
        case Enum.find(Enum.concat(Map.values(defn.defs)), &within?(&1.body, var)) do
          nil -> var
          clause -> follow_in(var, clause.body, defn)
        end

      {fun, _, args} = call when is_name(fun) and is_list(args) ->
        with [clause] <- Map.get(defn.defs, {fun, length(args)}, []),
             last when last != nil <- List.last(Definition.statements(clause.body)) do
          literal(last, defn)
        else
          _ -> call
        end

      other ->
        other
    end
  end

  defp within?(body, {name, meta, _}) do
    {_, found} =
      Macro.prewalk(body, false, fn
        {^name, ^meta, _} = node, _ -> {node, true}
        node, found -> {node, found}
      end)

    found
  end

  # `Application.get_env(:app, Oban)` and its fetch variants: the config read from config/.
  defp app_env?({{:., _, [{:__aliases__, _, [app_mod]}, fun]}, _, [_app, _key | _]}),
    do: Ast.name(app_mod) == "Application" and Ast.name(fun) in ~w(get_env fetch_env fetch_env!)

  defp app_env?(_ast), do: false

  # `{Oban, _}` in a pattern, not options.
  defp ignored?({name, _, context}) when is_atom(context),
    do: String.starts_with?(Ast.name(name) || "", "_")

  defp ignored?(_ast), do: false

  # Modules that `use Oban.Worker`, directly or through a project module
  # whose `__using__/1` does (named as `via`: it may set options of its own).
  defp workers(defs) do
    wrappers = for defn <- defs, wraps_worker?(defn), do: defn.name
    for defn <- defs, worker = worker(defn, wrappers), do: worker
  end

  defp worker(defn, wrappers) do
    Enum.find_value(Definition.statements(defn.body), fn
      {:use, meta, [target | args]} ->
        name = Definition.expand(target, defn)

        if name in @worker_uses or name in wrappers do
          opts = List.first(args)

          option =
            &option(if(keyword?(opts), do: opts, else: []), &1, fn v -> literal(v, defn) end)

          %{
            module: defn.name,
            file: defn.file,
            line: meta[:line],
            via: if(name in wrappers, do: name),
            queue: name_text(option.("queue")),
            max_attempts: setting(option.("max_attempts")),
            unique: option.("unique") not in [nil, false]
          }
        end

      _ ->
        nil
    end)
  end

  defp wraps_worker?(defn) do
    Enum.any?(Definition.statements(defn.body), fn
      {:defmacro, _, [{:__using__, _, _}, [{:do, body} | _]]} ->
        {_, found} =
          Macro.prewalk(body, false, fn
            {:use, _, [target | _]} = node, found ->
              {node, found or Definition.expand(target, defn) in @worker_uses}

            node, found ->
              {node, found}
          end)

        found

      _ ->
        false
    end)
  end

  ## Broadway

  defp pipeline(defn) do
    start =
      defn.defs
      |> Map.values()
      |> Enum.concat()
      |> Enum.sort_by(& &1.line)
      |> Enum.find_value(fn clause ->
        Enum.find_value(Definition.calls(defn, clause.body), fn
          {"Broadway", :start_link, [_module, opts | _], call} ->
            {opts_of(opts, clause.body, defn), line(call)}

          _ ->
            nil
        end)
      end)

    {{opts, body}, start_line} = start || {{nil, nil}, nil}
    follow = &follow_in(&1, body, defn)
    readable = keyword?(opts)
    option = &option(if(readable, do: opts, else: []), &1, follow)
    producer = option.("producer")
    producer_option = &option(if(keyword?(producer), do: producer, else: []), &1, follow)
    {processors, processors_built_by} = stages(option.("processors"), follow)
    {batchers, batchers_built_by} = stages(option.("batchers"), follow)

    %{
      module: defn.name,
      file: defn.file,
      line: defn.line,
      start_line: start_line,
      built_by: if(start && not readable, do: built_by(opts)),
      producer: producer_module(producer_option.("module"), follow, defn),
      producer_concurrency: setting(producer_option.("concurrency")),
      processors: processors,
      processors_built_by: processors_built_by,
      batchers: batchers,
      batchers_built_by: batchers_built_by
    }
  end

  # The options as a literal, with the function body whose bindings they see:
  # a variable bound in the function, or a local function of the module whose
  # last expression is a keyword list.
  defp opts_of(opts, body, defn) do
    case follow_in(opts, body, defn) do
      {fun, _, args} = call when is_name(fun) and is_list(args) ->
        with [clause] <- Map.get(defn.defs, {fun, length(args)}, []),
             last <- List.last(Definition.statements(clause.body)),
             true <- keyword?(last) do
          {last, clause.body}
        else
          _ -> {call, body}
        end

      other ->
        {other, body}
    end
  end

  # A variable followed to the first keyword list it was bound to in `body`,
  # else to its last binding; a module attribute to its value.
  defp follow_in({name, _, _} = var, body, _defn) when is_var(var) do
    bound =
      for {:=, _, [{^name, _, context}, expr]} <- Definition.statements(body),
          is_atom(context),
          do: expr

    Enum.find(bound, &keyword?/1) || List.last(bound) || var
  end

  defp follow_in(ast, _body, defn), do: literal(ast, defn)

  defp producer_module({module, _opts}, follow, defn),
    do: module_text(follow.(module), defn)

  defp producer_module(module, _follow, defn), do: module_text(module, defn)

  # Stages as read, or "built by `expr`" when the list is no literal.
  defp stages(nil, _follow), do: {[], nil}

  defp stages(stages, follow) when is_list(stages) do
    {for {name, opts} <- stages, is_name(name) do
       option = &option(if(keyword?(opts), do: opts, else: []), &1, follow)

       %{
         name: Ast.name(name),
         concurrency: setting(option.("concurrency")),
         batch_size: setting(option.("batch_size"))
       }
     end, nil}
  end

  defp stages(other, _follow), do: {[], built_by(other)}

  ## libcluster

  # Topology lists in a module that starts `Cluster.Supervisor`: a keyword
  # whose entries are `name: [strategy: Module, …]`.
  defp source_topologies(%{body: nil}), do: []

  defp source_topologies(defn) do
    if starts_cluster?(defn) do
      {_, found} =
        Macro.prewalk(defn.body, [], fn
          list, acc when is_list(list) ->
            case topologies(list, defn, defn.file, nil, nil) do
              [] -> {list, acc}
              topologies -> {list, Enum.reverse(topologies, acc)}
            end

          node, acc ->
            {node, acc}
        end)

      Enum.reverse(found)
    else
      []
    end
  end

  defp starts_cluster?(defn) do
    {_, found} =
      Macro.prewalk(defn.body, false, fn
        {:__aliases__, _, _} = node, false ->
          {node, Definition.expand(node, defn) == "Cluster.Supervisor"}

        node, found ->
          {node, found}
      end)

    found
  end

  defp topologies(list, defn, file, line, condition) do
    for {name, opts} <- list,
        is_name(name),
        is_list(opts),
        strategy = Enum.find_value(opts, &strategy/1) do
      %{
        name: Ast.name(name),
        strategy: module_text(strategy, defn),
        file: file,
        line: line(strategy) || line,
        condition: condition
      }
    end
  end

  defp strategy({key, {:__aliases__, _, _} = module}) when is_name(key),
    do: if(Ast.name(key) == "strategy", do: module)

  defp strategy(_pair), do: nil

  ## Values

  defp literal(ast, nil), do: ast
  defp literal(ast, defn), do: Definition.attribute(ast, defn) || ast

  # A module written as an alias or atom, else "built by `expr`"; nil when absent.
  defp module_text(nil, _defn), do: nil

  defp module_text({:__aliases__, _, parts} = ast, defn),
    do: (defn && Definition.expand(ast, defn)) || Ast.dotted(strip_elixir(parts))

  defp module_text(ast, defn) when is_name(ast), do: Definition.expand(ast, defn)

  defp module_text(ast, _defn), do: built_by(ast)

  defp strip_elixir([:"Elixir" | rest]), do: rest
  defp strip_elixir(parts), do: parts

  # A queue name: an atom or string as written, else "built by `expr`".
  defp name_text(nil), do: nil
  defp name_text(text) when is_binary(text), do: text
  defp name_text(name) when is_name(name), do: Ast.name(name)
  defp name_text(ast), do: built_by(ast)

  # A number or boolean as written, else "built by `expr`"; nil when absent.
  defp setting(nil), do: nil
  defp setting(number) when is_integer(number) and abs(number) <= @max_number, do: number
  defp setting(flag) when is_boolean(flag), do: flag
  defp setting(ast), do: built_by(ast)

  defp built_by(ast), do: "built by `#{Ast.text(ast, 60)}`"

  defp line({_, meta, _}) when is_list(meta), do: meta[:line]
  defp line(_ast), do: nil

  # A keyword list whose keys may be markers of host names.
  defp keyword?(list) when is_list(list),
    do: Enum.all?(list, &match?({key, _} when is_name(key), &1))

  defp keyword?(_ast), do: false
end
