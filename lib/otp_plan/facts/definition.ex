defmodule OtpPlan.Facts.Definition do
  @moduledoc """
  One module as written in the host's source: its name, aliases, `use`s,
  attributes and function clauses, with pipelines rewritten as plain calls
  and nested modules cut out (each is a definition of its own).

  Names in the AST are `OtpPlan.Facts.Ast` names (atoms or markers, never
  atoms made from host text): match them with `Ast.is_name/1` and read them
  with `Ast.name/1`; `expand/2` turns any module reference into its name.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1, is_var: 1]
  alias OtpPlan.Facts.Ast

  defstruct [
    :name,
    :file,
    :line,
    body: nil,
    aliases: %{},
    uses: [],
    imports: [],
    attributes: %{},
    defs: %{},
    form: :defmodule,
    impl_for: nil
  ]

  @typedoc """
  A clause is `%{args: [ast], guard: ast | nil, body: ast, line: pos_integer, variant: variant}`
  where `variant` is `nil` or `{condition_ast, true | false}` for a clause
  defined inside a module-level `if`/`unless` (a compile-time switch).
  """
  @type t :: %__MODULE__{
          name: String.t(),
          file: Path.t(),
          line: pos_integer | nil,
          body: Macro.t(),
          aliases: %{String.t() => String.t()},
          uses: [{String.t(), Macro.t()}],
          imports: [String.t()],
          attributes: %{Ast.name() => Macro.t()},
          defs: %{{Ast.name(), arity} => [map]},
          form: :defmodule | :defprotocol | :defimpl,
          impl_for: String.t() | nil
        }

  @ignored_attributes [:moduledoc, :doc, :impl, :spec, :type, :typep, :typedoc, :callback]

  @doc "Every module defined in `ast` (nested ones included), in source order."
  @spec all(Macro.t(), Path.t()) :: [t]
  def all(ast, file), do: collect(ast, file, nil)

  @doc "Modules named by `defmodule` lines in an unparsed file: names only, no body."
  @spec names_only(String.t(), Path.t()) :: [t]
  def names_only(text, file) do
    for {line, number} <- Enum.with_index(String.split(text, "\n"), 1),
        [_, name] <- [Regex.run(~r/^\s*defmodule\s+([A-Z][\w.]*)/, line)],
        do: %__MODULE__{name: name, file: file, line: number}
  end

  defp collect(ast, file, parent) do
    {_, defs} =
      Macro.prewalk(ast, [], fn
        {:defmodule, meta, [name, [{:do, body} | _]]}, acc ->
          {nil, [definition(name, meta, body, file, parent) | acc]}

        {:for, _, [{:<-, _, [pattern, list]}, [do: body]]} = node, acc ->
          {node_or_unrolled(node, pattern, literal_list(list, parent), body), acc}

        # A protocol, and an implementation (named after the protocol; the type is `impl_for`).
        {:defprotocol, meta, [name, [{:do, body} | _]]}, acc ->
          {defn, raw} = definition(name, meta, body, file, parent)
          {nil, [{%{defn | form: :defprotocol}, raw} | acc]}

        {:defimpl, meta, [name | opts]}, acc when opts != [] ->
          # `defimpl P, for: T do` (for and do apart) or `defimpl P do` inside T.
          opts = Enum.concat(Enum.filter(opts, &is_list/1))
          # The protocol is named as written, never under the enclosing module.
          {defn, raw} = definition(name, meta, opts[:do], file, nil)
          # `for: [List, Map]` implements the protocol for each; a type this
          # reader cannot name is left out rather than shown as nothing.
          types =
            case opts[:for] do
              nil -> [parent && parent.name]
              list when is_list(list) -> Enum.map(list, &expand(&1, parent || defn))
              type -> [expand(type, parent || defn)]
            end

          impls =
            for type <- types, type != nil do
              {%{defn | form: :defimpl, name: "#{defn.name}.#{type}", impl_for: type}, raw}
            end

          {nil, Enum.reverse(impls, acc)}

        node, acc ->
          {node, acc}
      end)

    defs
    |> Enum.reverse()
    |> Enum.flat_map(fn {defn, raw_body} -> [defn | collect(raw_body, file, defn)] end)
  end

  # `for name <- [A, B] do defmodule Module.concat(Base, name) do … end end`
  # defines one module per element: the loop is unrolled, each copy with the
  # element in place of the variable. The list may be a module attribute of
  # the enclosing module and the pattern a tuple (`{name, _opts} <- @repos`).
  # Other comprehensions are walked as is.
  defp node_or_unrolled(node, pattern, list, body) do
    bindings = if is_list(list), do: Enum.map(list, &bind(pattern, &1)), else: [nil]

    if Enum.all?(bindings, &is_map/1) and defines_module?(body) do
      {:__block__, [],
       for values <- bindings do
         Macro.prewalk(body, fn
           {name, _, context} = var when is_atom(context) and is_map_key(values, name) ->
             if is_var(var), do: values[name], else: var

           other ->
             other
         end)
       end}
    else
      node
    end
  end

  defp literal_list(list, _parent) when is_list(list), do: list

  defp literal_list({:@, _, _} = attribute, %__MODULE__{} = parent),
    do: attribute(attribute, parent)

  defp literal_list(_list, _parent), do: nil

  # The variables `pattern` binds to the literal `value`, or nil.
  defp bind(var, value) when is_var(var) do
    cond do
      String.starts_with?(Ast.name(elem(var, 0)), "_") -> %{}
      literal_name?(value) -> %{elem(var, 0) => value}
      true -> nil
    end
  end

  defp bind({:{}, _, patterns}, {:{}, _, values}) when length(patterns) == length(values),
    do: bind_all(patterns, values)

  defp bind({a, b}, {x, y}), do: bind_all([a, b], [x, y])
  defp bind(_pattern, _value), do: nil

  defp bind_all(patterns, values) do
    Enum.reduce(Enum.zip(patterns, values), %{}, fn
      {pattern, value}, acc when is_map(acc) ->
        with %{} = bound <- bind(pattern, value), do: Map.merge(acc, bound)

      _, nil ->
        nil
    end)
  end

  defp literal_name?({:__aliases__, _, _}), do: true
  defp literal_name?(name), do: is_name(name) or is_binary(name)

  defp defines_module?(body) do
    {_, found} =
      Macro.prewalk(body, false, fn
        {:defmodule, _, _} = node, _ -> {node, true}
        node, found -> {node, found}
      end)

    found
  end

  defp definition(name_ast, meta, raw_body, file, parent) do
    name = module_name(name_ast, parent)
    inherited = if parent, do: parent.aliases, else: %{}
    body = raw_body |> cut_nested_modules() |> unpipe()

    defn = %__MODULE__{name: name, file: file, line: meta[:line], body: body}
    defn = %{defn | aliases: aliases(raw_body, %{defn | aliases: inherited})}
    statements = statements(body)

    {%{
       defn
       | uses: uses(statements, defn),
         imports: imports(statements, defn),
         attributes: attributes(statements),
         defs: defs(statements, nil)
     }, raw_body}
  end

  defp module_name({:__aliases__, _, [{:__MODULE__, _, _} | rest]}, parent),
    do: join([parent.name | rest])

  defp module_name({:__aliases__, _, parts}, nil), do: join(parts)
  defp module_name({:__aliases__, _, parts}, parent), do: join([parent.name | parts])

  defp module_name({{:., _, [{:__aliases__, _, [:Module]}, :concat]}, _, parts}, parent) do
    parts = if match?([list] when is_list(list), parts), do: hd(parts), else: parts

    Enum.map_join(parts, ".", fn
      {:__aliases__, _, _} = alias_ast -> module_name(alias_ast, nil)
      {:__MODULE__, _, _} -> parent && parent.name
      part -> Ast.name(part) || (is_binary(part) && part) || Ast.text(part)
    end)
  end

  defp module_name(atom, _parent) when is_atom(atom), do: inspect(atom)
  defp module_name(other, _parent), do: Ast.text(other)

  # Module name parts (names or text) joined with dots.
  defp join(parts), do: Ast.dotted(parts)

  defp cut_nested_modules(body) do
    Macro.prewalk(body, fn
      {:defmodule, _, [_, [{:do, _} | _]]} -> nil
      node -> node
    end)
  end

  # Rewrites every `a |> f(b)` in `ast` as `f(a, b)`.
  defp unpipe(ast) do
    Macro.prewalk(ast, fn
      {:|>, _, _} = pipe ->
        [{first, 0} | calls] = Macro.unpipe(pipe)
        Enum.reduce(calls, first, fn {call, position}, acc -> Macro.pipe(acc, call, position) end)

      node ->
        node
    end)
  end

  @doc "The top-level statements of a body (a `__block__` or a single expression)."
  @spec statements(Macro.t()) :: [Macro.t()]
  def statements({:__block__, _, statements}), do: statements
  def statements(nil), do: []
  def statements(statement), do: [statement]

  # Aliases anywhere in the module (function-level ones included: close enough
  # for naming modules), plus the automatic alias of each nested module.
  defp aliases(raw_body, defn) do
    {_, aliases} =
      Macro.prewalk(raw_body, defn.aliases, fn
        {:defmodule, _, [{:__aliases__, _, [first | _]} = name, _]}, acc when is_name(first) ->
          first = Ast.name(first)
          {nil, Map.put(acc, first, module_name(name, defn) |> first_of(first))}

        {:defmodule, _, _}, acc ->
          {nil, acc}

        {:alias, _, [target | opts]}, acc ->
          {nil, add_alias(target, List.first(opts) || [], %{defn | aliases: acc})}

        node, acc ->
          {node, acc}
      end)

    aliases
  end

  defp first_of(full, first) do
    [prefix | _] = String.split(full, ".#{first}", parts: 2)
    "#{prefix}.#{first}"
  end

  defp add_alias({{:., _, [base, :{}]}, _, targets}, _opts, defn) do
    prefix = expand(base, defn)

    Enum.reduce(targets, defn.aliases, fn {:__aliases__, _, parts}, acc ->
      Map.put(acc, Ast.name(List.last(parts)), join([prefix | parts]))
    end)
  end

  defp add_alias({:__aliases__, _, parts} = target, opts, defn) when is_list(opts) do
    case expand(target, defn) do
      nil ->
        defn.aliases

      full ->
        key =
          case opts[:as] do
            {:__aliases__, _, [as]} when is_name(as) -> Ast.name(as)
            _ -> Ast.name(List.last(parts))
          end

        Map.put(defn.aliases, key, full)
    end
  end

  defp add_alias(_target, _opts, defn), do: defn.aliases

  @doc """
  The module name an alias, `__MODULE__` or atom stands for in `defn`
  (`"Shop.Repo"`, `":poolboy"`), or nil when `ast` names no module.
  """
  @spec expand(Macro.t(), t) :: String.t() | nil
  def expand({:__aliases__, _, [:"Elixir" | rest]}, _defn), do: join(rest)

  def expand({:__aliases__, _, [{:__MODULE__, _, _} | rest]}, defn),
    do: join([defn.name | rest])

  def expand({:__aliases__, _, [first | rest]}, defn) when is_name(first) do
    first = Ast.name(first)
    join([Map.get(defn.aliases, first, first) | rest])
  end

  def expand({:__MODULE__, _, context}, defn) when is_atom(context), do: defn.name
  def expand(atom, _defn) when atom in [nil, true, false], do: nil

  def expand(atom, _defn) when is_name(atom) do
    case Ast.name(atom) do
      "Elixir." <> name -> name
      name -> ":" <> name
    end
  end

  def expand(_ast, _defn), do: nil

  defp uses(statements, defn) do
    for {:use, _, [target | opts]} <- statements, name = expand(target, defn), do: {name, opts}
  end

  # Modules imported at module level, whose functions are called unqualified.
  defp imports(statements, defn) do
    for {:import, _, [target | _]} <- statements, name = expand(target, defn), do: name
  end

  defp attributes(statements) do
    for {:@, _, [{name, _, [value]}]} <- Enum.reverse(statements),
        name not in @ignored_attributes,
        into: %{},
        do: {name, value}
  end

  # Function clauses by {name, arity}; clauses under a module-level if/unless
  # are variants of a compile-time switch.
  defp defs(statements, variant) do
    statements
    |> Enum.flat_map(&clauses(&1, variant))
    |> Enum.group_by(fn {key, _} -> key end, fn {_, clause} -> clause end)
  end

  defp clauses({kind, meta, [head, [{:do, body} | _]]}, variant) when kind in [:def, :defp] do
    {call, guard} =
      case head do
        {:when, _, [call, guard]} -> {call, guard}
        call -> {call, nil}
      end

    case call do
      {name, _, args} when is_name(name) ->
        args = if is_list(args), do: args, else: []

        for {args, body} <- arities(args, body) do
          {{name, length(args)},
           %{args: args, guard: guard, body: body, line: meta[:line], variant: variant}}
        end

      _ ->
        []
    end
  end

  defp clauses({branch, _, [condition, blocks]}, nil) when branch in [:if, :unless] do
    positive = branch == :if

    Enum.flat_map(statements(blocks[:do]), &clauses(&1, {condition, positive})) ++
      Enum.flat_map(statements(blocks[:else]), &clauses(&1, {condition, not positive}))
  end

  defp clauses(_statement, _variant), do: []

  # A head with `arg \\ default`s defines one function per arity: each as
  # {args given, body that first binds the defaults left out}. As Elixir does,
  # given arguments fill the defaults from the left.
  defp arities(args, body) do
    defaults = Enum.count(args, &match?({:\\, _, [_, _]}, &1))

    for given <- defaults..0//-1 do
      {args, omitted, _} =
        Enum.reduce(args, {[], [], given}, fn
          {:\\, _, [arg, _default]}, {args, omitted, left} when left > 0 ->
            {[arg | args], omitted, left - 1}

          {:\\, _, [arg, default]}, {args, omitted, left} ->
            {args, [{:=, [], [arg, default]} | omitted], left}

          arg, {args, omitted, left} ->
            {[arg | args], omitted, left}
        end)

      body = if omitted == [], do: body, else: {:__block__, [], Enum.reverse(omitted) ++ [body]}
      {Enum.reverse(args), body}
    end
  end

  @doc "The modules `defn` `use`s, by name."
  @spec used(t) :: [String.t()]
  def used(defn), do: Enum.map(defn.uses, &elem(&1, 0))

  @doc """
  Every remote call in `ast` (by default `defn`'s body), in source order, as
  `{module | nil, name, args, call_ast}`; the module is expanded in `defn`.
  """
  @spec calls(t, Macro.t()) :: [{String.t() | nil, Ast.name(), [Macro.t()], Macro.t()}]
  def calls(defn), do: calls(defn, defn.body)

  def calls(defn, ast) do
    {_, calls} =
      Macro.prewalk(ast, [], fn
        {{:., _, [target, name]}, _, args} = node, acc when is_name(name) and is_list(args) ->
          {node, [{expand(target, defn), name, args, node} | acc]}

        node, acc ->
          {node, acc}
      end)

    Enum.reverse(calls)
  end

  @doc """
  The functions of `defn` that `ast` calls locally (`start_root_supervisor()`),
  as `{name, arity}` in source order, each once.
  """
  @spec local_calls(t, Macro.t()) :: [{Ast.name(), arity}]
  def local_calls(defn, ast) do
    {_, keys} =
      Macro.prewalk(ast, [], fn
        {name, _, args} = node, acc when is_name(name) and is_list(args) ->
          key = {name, length(args)}
          {node, if(Map.has_key?(defn.defs, key), do: [key | acc], else: acc)}

        node, acc ->
          {node, acc}
      end)

    keys |> Enum.reverse() |> Enum.uniq()
  end

  @doc "The literal value behind `@name` in `defn`, or `ast` itself."
  @spec attribute(Macro.t(), t) :: Macro.t()
  def attribute({:@, _, [{name, _, _} = var]}, defn) when is_var(var),
    do: Map.get(defn.attributes, name)

  def attribute(ast, _defn), do: ast
end
