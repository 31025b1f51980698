defmodule OtpPlan.Facts.Children do
  @moduledoc """
  Resolves the expression a supervisor takes its children from into the
  child specs it can yield, without running it.

  Follows variables bound earlier in the function, `++`, `[h | t]`,
  `if`/`unless`/`case`/`cond` (each branch under its condition; a spec found
  in every branch of an exhaustive choice is unconditional), `cond && spec`,
  `if(cond, do: spec)`, `Enum.filter/reject/reverse/concat`, `List.flatten`,
  comprehensions (unrolled over a literal list), calls to functions of the
  project, imported ones included (multi-clause, or defined per compile-time
  `if Mix.env() …`), `{children, opts} = helper()` tuples and `fun.()` of a
  bound `fn -> spec end`. One source entry reached from several branches is
  one child. Anything else is opaque and named by its source.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1, is_var: 1]
  alias OtpPlan.Facts.{Ast, Definition}

  @typedoc """
  `{:spec, ast, defn, conditions}`: a child spec written in `defn`;
  `{:opaque, ast, conditions}`: an expression that could not be resolved.
  Conditions are source texts, outermost first.
  `{:choice, ast, [item], conditions}`: one list entry whose `case`/`if`/`cond`
  picks one spec per branch (a DB connection chosen by config is one child).
  Conditions that test a module attribute or `Mix.env()` are fixed when the
  host compiles: their text says "at compile time".
  """
  @type item ::
          {:spec, Macro.t(), Definition.t(), [String.t()]}
          | {:opaque, Macro.t(), [String.t()]}
          | {:choice, Macro.t(), [item], [String.t()]}

  @max_depth 16

  @doc """
  The items `ast` yields when evaluated in `defn` with the given top-level
  `statements` of its function already run (for the variables they bind).
  """
  @spec resolve(Macro.t(), Definition.t(), map, [Macro.t()]) :: [item]
  def resolve(ast, defn, modules, statements) do
    env = %{defn: defn, modules: modules, bindings: %{}, stack: [], elem: nil}
    eval(ast, bind(statements, env), [])
  end

  @doc "Follows variables (and module attributes) in `ast` to the literal they were bound to."
  @spec literal(Macro.t(), Definition.t(), [Macro.t()]) :: Macro.t()
  def literal(ast, defn, statements) do
    env = bind(statements, %{defn: defn, modules: %{}, bindings: %{}, stack: [], elem: nil})
    follow(ast, env)
  end

  defp follow({name, _, _} = var, env) when is_var(var) do
    case env.bindings[name] do
      {ast, bound_env} -> follow(ast, bound_env)
      nil -> var
    end
  end

  defp follow({:@, _, _} = attribute, env), do: Definition.attribute(attribute, env.defn)
  defp follow(ast, _env), do: ast

  # Top-level `var = expr` and `{a, b} = expr` statements, each seen with
  # the bindings before it; a tuple's variable stands for its element of
  # whatever `expr` returns (`{children, opts} = children_opts(type)`).
  defp bind(statements, env) do
    Enum.reduce(statements, env, fn
      {:=, _, [{name, _, _} = var, expr]}, env when is_var(var) ->
        put_in(env.bindings[name], {expr, env})

      {:=, _, [pattern, expr]}, env when is_tuple(pattern) ->
        pattern
        |> tuple_elements()
        |> Enum.with_index()
        |> Enum.reduce(env, fn
          {{name, _, _} = var, index}, acc when is_var(var) ->
            put_in(acc.bindings[name], {{:__elem__, [index: index], [expr]}, env})

          _, acc ->
            acc
        end)

      _statement, env ->
        env
    end)
  end

  defp tuple_elements({:{}, _, elements}), do: elements
  defp tuple_elements({left, right}), do: [left, right]
  defp tuple_elements(_), do: []

  defp eval(falsy, _env, _conds) when falsy in [nil, false, []], do: []

  defp eval(list, %{elem: index}, conds) when is_list(list) and is_integer(index),
    do: [{:opaque, list, conds}]

  defp eval(list, env, conds) when is_list(list) do
    Enum.flat_map(list, fn
      {:|, _, [head, tail]} -> eval(head, env, conds) ++ eval(tail, env, conds)
      element -> element |> eval(env, conds) |> one_entry(element, env, conds)
    end)
  end

  defp eval({:__elem__, [index: index], [expr]}, env, conds),
    do: eval(expr, %{env | elem: index}, conds)

  defp eval({:__block__, _, statements}, env, conds) do
    {init, [last]} = Enum.split(statements, -1)
    eval(last, bind(init, env), conds)
  end

  defp eval({:=, _, [_pattern, expr]}, env, conds), do: eval(expr, env, conds)

  defp eval({:++, _, [left, right]}, env, conds),
    do: eval(left, env, conds) ++ eval(right, env, conds)

  defp eval({op, _, [condition, child]}, env, conds) when op in [:&&, :and],
    do: eval(child, env, conds ++ [text(inline(condition, env))])

  defp eval({:if, _, [condition, blocks]}, env, conds) when is_list(blocks),
    do:
      choose(
        [
          {inline(condition, env), body(blocks[:do], env)},
          {:otherwise, body(blocks[:else], env)}
        ],
        conds
      )

  defp eval({:unless, _, [condition, blocks]}, env, conds) when is_list(blocks),
    do:
      choose(
        [{{:!, [], [condition]}, body(blocks[:do], env)}, {:otherwise, body(blocks[:else], env)}],
        conds
      )

  defp eval({:case, _, [subject, [do: clauses]]}, env, conds) do
    branches =
      for {:->, _, [[pattern], body]} <- clauses do
        if catch_all?(pattern),
          do: {:otherwise, body(body, env)},
          else: {match(pattern, subject), body(body, env)}
      end

    choose(branches, conds)
  end

  defp eval({:cond, _, [[do: clauses]]}, env, conds) do
    branches =
      for {:->, _, [[condition], body]} <- clauses do
        if condition == true,
          do: {:otherwise, body(body, env)},
          else: {condition, body(body, env)}
      end

    choose(branches, conds)
  end

  # `with … do children end`: the do block (the else clauses return errors).
  defp eval({:with, _, args}, env, conds) when is_list(args) do
    case List.last(args) do
      [{:do, body} | _] -> eval(body, env, conds)
      _ -> [{:opaque, {:with, [], args}, conds}]
    end
  end

  # A comprehension over a literal list (or a variable bound to one) yields
  # its body once per element; any other is read once, under "for …".
  defp eval({:for, _, args}, env, conds) when is_list(args) do
    {generators, [opts]} = Enum.split(args, -1)

    case generators do
      [{:<-, _, [{name, _, _} = var, source]}] when is_var(var) and is_list(opts) ->
        case follow(source, env) do
          list when is_list(list) and list != [] ->
            Enum.flat_map(list, &eval(opts[:do], put_in(env.bindings[name], {&1, env}), conds))

          _ ->
            eval(opts[:do], env, conds ++ [each(generators)])
        end

      _ ->
        eval(opts[:do], env, conds ++ [each(generators)])
    end
  end

  defp eval({name, _, _} = var, env, conds) when is_var(var) do
    case env.bindings[name] do
      {ast, bound_env} -> eval(ast, %{bound_env | elem: env.elem}, conds)
      nil -> [{:opaque, var, conds}]
    end
  end

  # `fun.()` of a variable bound to `fn -> spec end` (a helper taking the
  # spec lazily): the fn's body, where it was written.
  defp eval({{:., _, [fun]}, _, []} = call, env, conds) do
    case follow_fn(fun, env) do
      {body, fn_env} -> eval(body, %{fn_env | elem: env.elem}, conds)
      nil -> [{:opaque, call, conds}]
    end
  end

  defp eval({:@, _, [var]} = attribute, env, conds) when is_var(var) do
    case Definition.attribute(attribute, env.defn) do
      nil -> [{:opaque, attribute, conds}]
      value -> eval(value, env, conds)
    end
  end

  defp eval({{:., _, [target, fun]}, _, args} = call, env, conds) when is_list(args) do
    remote(Definition.expand(target, env.defn), fun, args, call, env, conds)
  end

  defp eval({fun, _, args} = call, env, conds)
       when is_name(fun) and is_list(args) and fun not in [:{}, :%{}, :__aliases__, :__MODULE__] do
    if fun in [:worker, :supervisor] and args != [] do
      [{:spec, call, env.defn, conds}]
    else
      local(env.defn, fun, args, call, env, conds)
    end
  end

  defp eval({_, _} = tuple, %{elem: index} = env, conds) when is_integer(index),
    do: eval(elem(tuple, index), %{env | elem: nil}, conds)

  defp eval(ast, %{elem: index}, conds) when is_integer(index), do: [{:opaque, ast, conds}]

  defp eval(spec, env, conds), do: [{:spec, spec, env.defn, conds}]

  defp each(generators), do: "for " <> Enum.map_join(generators, ", ", &text/1)

  # The body of the zero-arity `fn` a variable is bound to, with its env.
  defp follow_fn({name, _, _} = var, env) when is_var(var) do
    case env.bindings[name] do
      {{:fn, _, [{:->, _, [[], body]}]}, bound_env} ->
        {body, bound_env}

      {{other, _, _} = ast, bound_env} when is_var(ast) and other != name ->
        follow_fn(ast, bound_env)

      _ ->
        nil
    end
  end

  defp follow_fn(_ast, _env), do: nil

  # `condition` with each `fun.()` of a bound `fn` replaced by its body, so
  # the condition reads as its source states it.
  defp inline(condition, env) do
    Macro.prewalk(condition, fn
      {{:., _, [fun]}, _, []} = call ->
        case follow_fn(fun, env) do
          {body, _} -> body
          nil -> call
        end

      node ->
        node
    end)
  end

  # A list entry that is a choice (directly or through a variable) with one
  # spec in every branch, and several of them, is one child.
  defp one_entry([_, _ | _] = items, element, env, conds) do
    choice = follow(element, env)

    if match?({branch, _, _} when branch in [:case, :if, :unless, :cond], choice) and
         Enum.all?(items, &match?({:spec, _, _, _}, &1)),
       do: [{:choice, choice, items, conds}],
       else: items
  end

  defp one_entry(items, _element, _env, _conds), do: items

  defp body(ast, env), do: &eval(ast, env, &1)

  # In a start/2 with several supervisors, each call stands for its children.
  defp remote("Supervisor", :start_link, [children, _opts], _call, env, conds),
    do: eval(children, env, conds)

  defp remote("Supervisor.Spec", fun, [_ | _], call, env, conds)
       when fun in [:worker, :supervisor],
       do: [{:spec, call, env.defn, conds}]

  defp remote(_module, :child_spec, _args, call, env, conds),
    do: [{:spec, call, env.defn, conds}]

  defp remote("Enum", fun, [list | _], _call, env, conds)
       when fun in [:filter, :reject, :uniq, :to_list],
       do: eval(list, env, conds)

  defp remote("Enum", :reverse, [list], _call, env, conds),
    do: Enum.reverse(eval(list, env, conds))

  defp remote("Enum", :concat, lists, _call, env, conds), do: eval(lists, env, conds)

  defp remote("List", fun, [list], _call, env, conds) when fun in [:flatten, :wrap],
    do: eval(list, env, conds)

  defp remote(module, fun, args, call, env, conds) do
    case env.modules[module] do
      nil -> [{:opaque, call, conds}]
      defn -> local(defn, fun, args, call, env, conds)
    end
  end

  # A call to a function of `defn`: its clauses become branches, chosen by
  # the arguments when they are literals; clauses defined per compile-time
  # switch become branches under the switch's condition.
  defp local(defn, fun, args, call, env, conds) do
    defn = imported(defn, {fun, length(args)}, env.modules)
    key = {defn.name, fun, length(args)}
    clauses = Map.get(defn.defs, {fun, length(args)}, [])

    if clauses == [] or key in env.stack or length(env.stack) >= @max_depth do
      [{:opaque, call, conds}]
    else
      callee = %{env | defn: defn, bindings: %{}, stack: [key | env.stack]}
      groups = Enum.group_by(clauses, & &1.variant)

      case Map.keys(groups) do
        [nil] ->
          clauses_items(applicable(clauses, args, env), args, callee, conds)

        variants ->
          branches =
            for variant <- Enum.sort_by(variants, &(not match?({_, true}, &1))) do
              group = applicable(groups[variant], args, env)

              {{:compile_time, variant_condition(variant, variants)},
               &clauses_items(group, args, callee, &1)}
            end

          choose(branches, conds)
      end
    end
  end

  # The project module an unqualified call of `defn` reaches: `defn` itself
  # when it defines the function, else the imported module that does.
  defp imported(defn, key, modules) do
    if Map.has_key?(defn.defs, key),
      do: defn,
      else:
        Enum.find_value(defn.imports, defn, fn name ->
          with %Definition{defs: %{^key => _}} = imported <- modules[name],
               do: imported,
               else: (_ -> nil)
        end)
  end

  defp variant_condition({condition, true}, _variants), do: condition

  defp variant_condition({condition, false}, variants),
    do: if({condition, true} in variants, do: :otherwise, else: {:!, [], [condition]})

  defp variant_condition(nil, _variants), do: :otherwise

  defp clauses_items([], _args, _callee, _conds), do: []

  defp clauses_items([{clause, bindings}], _args, callee, conds),
    do: eval(clause.body, %{callee | bindings: bindings}, conds)

  defp clauses_items(clauses, args, callee, conds) do
    branches =
      for {clause, bindings} <- clauses do
        body = &eval(clause.body, %{callee | bindings: bindings}, &1)

        if clause.guard == nil and Enum.all?(clause.args, &catch_all?/1),
          do: {:otherwise, body},
          else: {clause_condition(clause, args), body}
      end

    choose(branches, conds)
  end

  defp clause_condition(clause, args) do
    {pattern, subject} =
      case {clause.args, args} do
        {[pattern], [arg]} -> {pattern, arg}
        {patterns, args} -> {{:{}, [], patterns}, {:{}, [], args}}
      end

    pattern = if clause.guard, do: {:when, [], [pattern, clause.guard]}, else: pattern
    match(pattern, subject)
  end

  # The clauses that can match `args`, each with the variables it binds;
  # a clause whose patterns certainly match ends the list.
  defp applicable(clauses, args, env) do
    clauses
    |> Enum.reduce_while([], fn clause, acc ->
      case match_all(clause.args, args, env) do
        :no -> {:cont, acc}
        {:yes, bindings} when clause.guard == nil -> {:halt, [{clause, bindings} | acc]}
        {_, bindings} -> {:cont, [{clause, bindings} | acc]}
      end
    end)
    |> Enum.reverse()
  end

  defp match_all(patterns, args, env) do
    patterns
    |> Enum.zip(args)
    |> Enum.reduce({:yes, %{}}, fn
      _, :no ->
        :no

      {pattern, arg}, {certainty, bindings} ->
        merge(match(pattern, arg, env), certainty, bindings)
    end)
  end

  defp merge(:no, _certainty, _bindings), do: :no
  defp merge({certainty, new}, :yes, bindings), do: {certainty, Map.merge(bindings, new)}
  defp merge({_, new}, :maybe, bindings), do: {:maybe, Map.merge(bindings, new)}

  defp match({name, _, _} = var, arg, env) when is_var(var) do
    if String.starts_with?(Ast.name(name), "_"),
      do: {:yes, %{}},
      else: {:yes, %{name => {arg, env}}}
  end

  defp match({:=, _, [left, right]}, arg, env) do
    with {certainty, bindings} <- match(left, arg, env) do
      merge(match(right, arg, env), certainty, bindings)
    end
  end

  defp match(pattern, arg, env) do
    value = follow(arg, env)

    if literal?(pattern) and literal?(value),
      do: if(pattern == value, do: {:yes, %{}}, else: :no),
      else: {:maybe, %{}}
  end

  defp literal?(ast), do: is_name(ast) or is_number(ast) or is_binary(ast)

  defp catch_all?(var) when is_var(var), do: true
  defp catch_all?(_pattern), do: false

  defp match(pattern, subject), do: {:match?, [], [pattern, subject]}

  # Branches `{condition_ast | :otherwise, fun(conds) -> items}`, in order:
  # each branch's items under its condition, `:otherwise` being the negation
  # of the conditions before it. When the choice is exhaustive, a spec found
  # in every branch is kept once, without the branch conditions.
  defp choose(branches, conds) do
    {results, _previous} =
      Enum.map_reduce(branches, [], fn {condition, items}, previous ->
        {condition, fixed?} =
          case condition do
            {:compile_time, condition} -> {condition, true}
            condition -> {condition, false}
          end

        condition = if condition == :otherwise, do: otherwise(previous), else: condition
        {{condition_text(condition, fixed?), items.(conds)}, [condition | previous]}
      end)

    everywhere =
      if Enum.any?(branches, &(elem(&1, 0) in [:otherwise, {:compile_time, :otherwise}])),
        do: common(results),
        else: %{}

    depth = length(conds)

    # Counted, not set-like: the same spec written twice (a helper called for
    # two caches) is two children, in every branch or not. One source entry
    # reached from several branches (a helper each branch calls) is one
    # child, under the branches' conditions joined by "or".
    {entries, _emitted} =
      Enum.flat_map_reduce(results, %{}, fn {condition, items}, emitted ->
        {entries, {emitted, _seen, _sources}} =
          Enum.flat_map_reduce(items, {emitted, %{}, %{}}, fn item, {emitted, seen, sources} ->
            key = key(item)
            nth = Map.get(seen, key, 0) + 1
            seen = Map.put(seen, key, nth)
            source = source_key(item)
            nth_source = Map.get(sources, source, 0) + 1
            sources = Map.put(sources, source, nth_source)

            cond do
              nth > Map.get(everywhere, key, 0) ->
                {[{:branch, {source, nth_source}, item, condition}], {emitted, seen, sources}}

              nth <= Map.get(emitted, key, 0) ->
                {[], {emitted, seen, sources}}

              true ->
                {[{:always, item}], {Map.put(emitted, key, nth), seen, sources}}
            end
          end)

        {entries, emitted}
      end)

    merge_branches(entries, depth)
  end

  defp merge_branches(entries, depth) do
    conditions =
      for {:branch, source, _item, condition} <- entries, reduce: %{} do
        acc -> Map.update(acc, source, [condition], &Enum.uniq(&1 ++ [condition]))
      end

    {items, _seen} =
      Enum.flat_map_reduce(entries, MapSet.new(), fn
        {:always, item}, seen ->
          {[item], seen}

        {:branch, source, item, _condition}, seen ->
          if MapSet.member?(seen, source),
            do: {[], seen},
            else:
              {[add_condition(item, depth, Enum.join(conditions[source], " or "))],
               MapSet.put(seen, source)}
      end)

    items
  end

  # Where an item is written: its spec with line metadata kept.
  defp source_key({:spec, ast, defn, conds}), do: {ast, defn.name, conds}
  defp source_key({:opaque, ast, conds}), do: {ast, conds}
  defp source_key({:choice, ast, _items, conds}), do: {ast, conds}

  defp otherwise([]), do: true

  defp otherwise(previous) do
    negated =
      previous
      |> Enum.reverse()
      |> Enum.reduce(&{:or, [], [&2, &1]})

    {:!, [], [negated]}
  end

  # How many times each spec is found in every branch.
  defp common(results) do
    results
    |> Enum.map(fn {_, items} -> Enum.frequencies_by(items, &key/1) end)
    |> Enum.reduce(fn counts, acc ->
      for {key, n} <- acc, Map.has_key?(counts, key), into: %{}, do: {key, min(n, counts[key])}
    end)
  end

  defp key({:spec, ast, defn, conds}), do: {Ast.strip(ast), defn.name, conds}
  defp key({:opaque, ast, conds}), do: {Ast.strip(ast), conds}
  defp key({:choice, ast, _items, conds}), do: {Ast.strip(ast), conds}

  defp add_condition({:spec, ast, defn, conds}, depth, condition),
    do: {:spec, ast, defn, List.insert_at(conds, depth, condition)}

  defp add_condition({:opaque, ast, conds}, depth, condition),
    do: {:opaque, ast, List.insert_at(conds, depth, condition)}

  defp add_condition({:choice, ast, items, conds}, depth, condition),
    do: {:choice, ast, items, List.insert_at(conds, depth, condition)}

  # A branch of a module-level `if` (clauses per compile-time switch) or a
  # test of a module attribute is fixed when the host compiles.
  defp condition_text(condition, fixed?) do
    if fixed? or attribute?(condition),
      do: text(condition) <> " (compile time)",
      else: text(condition)
  end

  defp attribute?(ast) do
    {_, found} =
      Macro.prewalk(ast, false, fn
        {:@, _, _} = node, _ -> {node, true}
        node, found -> {node, found}
      end)

    found
  end

  @doc "`ast` as one line of source."
  @spec text(Macro.t()) :: String.t()
  def text(ast), do: Ast.text(ast)
end
