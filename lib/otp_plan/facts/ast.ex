defmodule OtpPlan.Facts.Ast do
  @moduledoc """
  Host source as data, parsed without creating a single atom from its text.

  `parse/2` hands the parser an atom encoder that returns an atom only when
  it already exists; every other name (variable, function, alias part, atom
  literal, keyword key) becomes the marker `{:__host_atom__, "text"}`. Equal
  names give equal terms, so markers work as map keys and with `==`, but they
  are not atoms: code that reads host names never uses `is_atom/1` or
  `Atom.to_string/1` on them. It uses this module instead:

    * `is_name/1` (a guard): an atom or a marker;
    * `is_var/1` (a guard): a variable, whatever its name;
    * `name/1`: the text of a name (`"start_link"`), nil for anything else;
    * `text/2`: an expression as one line of source, rendered once and cut
      at a length limit (the cost is bounded by the limit, not by the
      expression: deeply nested specs stay cheap);
    * `strip/1`: the expression without metadata, for comparing two of them.

  An atom exists once a loaded module uses it, so before the first parse
  every `OtpPlan.Facts.*` module is loaded: the atoms their matchers name
  (`:schema`, `:live_session`, …) then come out of the parser as atoms. A
  gatherer outside that namespace must match names with `name/1` instead.
  """

  @marker :__host_atom__

  @typedoc "A name the host's source uses: an existing atom or the marker of a new one."
  @type name :: atom | {:__host_atom__, String.t()}

  @doc "Whether `term` is a name: an atom, or the marker of a name that is no atom."
  defguard is_name(term)
           when is_atom(term) or
                  (is_tuple(term) and tuple_size(term) == 2 and elem(term, 0) == @marker and
                     is_binary(elem(term, 1)))

  @doc "Whether `ast` is a variable (`{name, meta, context}`)."
  defguard is_var(ast)
           when is_tuple(ast) and tuple_size(ast) == 3 and is_name(elem(ast, 0)) and
                  is_list(elem(ast, 1)) and is_atom(elem(ast, 2))

  @doc """
  Parses `text` (shown as `file` in messages) into quoted form with markers
  for unknown atoms. Returns `{:ok, ast}` or `{:error, line, message}`.
  """
  @spec parse(String.t(), Path.t()) :: {:ok, Macro.t()} | {:error, pos_integer | nil, String.t()}
  def parse(text, file) do
    load_readers()

    opts = [
      file: file,
      columns: true,
      emit_warnings: false,
      existing_atoms_only: true,
      static_atoms_encoder: &encode/2
    ]

    case Code.string_to_quoted(text, opts) do
      {:ok, ast} -> {:ok, ast}
      {:error, {meta, message, token}} -> {:error, line(meta), message(message, token)}
    end
  end

  defp load_readers do
    unless :persistent_term.get({__MODULE__, :loaded}, false) do
      Application.load(:otp_plan)

      for module <- Application.spec(:otp_plan, :modules) || [],
          String.starts_with?(Atom.to_string(module), "Elixir.OtpPlan.Facts."),
          do: Code.ensure_loaded(module)

      :persistent_term.put({__MODULE__, :loaded}, true)
    end
  end

  defp encode(token, _meta) do
    {:ok, String.to_existing_atom(token)}
  rescue
    ArgumentError -> {:ok, {@marker, token}}
  end

  defp line(meta) when is_list(meta), do: meta[:line]
  defp line(line) when is_integer(line), do: line
  defp line(_), do: nil

  defp message({prefix, suffix}, token), do: "#{prefix}#{token}#{suffix}"
  defp message(message, token), do: "#{message}#{token}"

  @doc "The text of the name `term` (`:start` → `\"start\"`), or nil when it is no name."
  @spec name(term) :: String.t() | nil
  def name({@marker, text}) when is_binary(text), do: text
  def name(atom) when is_atom(atom), do: Atom.to_string(atom)
  def name(_), do: nil

  @doc "Module name parts (names, or text already) joined with dots: `Shop.Repo`."
  @spec dotted([name | String.t()]) :: String.t()
  def dotted(parts),
    do: Enum.map_join(parts, ".", &if(is_binary(&1), do: &1, else: name(&1) || text(&1)))

  @doc "`ast` without line and column metadata."
  @spec strip(Macro.t()) :: Macro.t()
  def strip(ast), do: Macro.prewalk(ast, &Macro.update_meta(&1, fn _ -> [] end))

  @binary_ops ~w(+ - * / ++ -- <> == != === !== < > <= >= && || and or in |> = :: when -> .. // =~ ~>> <<~ ||| <- \\)a
  @unary_ops ~w(! not - + ^ &)a

  @doc """
  `ast` as one line of source, at most `limit` characters (an ellipsis marks
  a cut). Forms it does not know are shown as `…`.
  """
  @spec text(Macro.t(), pos_integer) :: String.t()
  def text(ast, limit \\ 200) do
    {iodata, left} = render(ast, limit + 1)
    text = IO.iodata_to_binary(iodata)
    if left <= 0, do: String.slice(text, 0, limit - 1) <> "…", else: text
  end

  # render(ast, budget) -> {iodata, budget left}; stops once the budget is spent.
  defp render(_ast, budget) when budget <= 0, do: {[], 0}

  defp render(binary, budget) when is_binary(binary),
    do: emit(inspect(String.slice(binary, 0, budget)), budget)

  defp render(number, budget) when is_number(number), do: emit(inspect(number), budget)

  defp render({@marker, text}, budget) when is_binary(text), do: emit(":" <> text, budget)
  defp render(atom, budget) when is_atom(atom), do: emit(inspect(atom), budget)

  defp render({:__bare__, list}, budget) when is_list(list), do: pairs(list, budget)

  defp render(list, budget) when is_list(list) do
    if keyword?(list),
      do: wrap("[", pairs(list, budget - 1), "]"),
      else: many("[", list, "]", budget)
  end

  defp render({left, right}, budget), do: many("{", [left, right], "}", budget)
  defp render({:{}, _, args}, budget) when is_list(args), do: many("{", args, "}", budget)

  defp render({:%{}, _, fields}, budget) when is_list(fields) do
    if keyword?(fields),
      do: wrap("%{", pairs(fields, budget - 2), "}"),
      else: many("%{", Enum.map(fields, &arrow/1), "}", budget)
  end

  defp render({:%, _, [struct, {:%{}, _, fields}]}, budget) do
    {name, budget} = render(struct, budget - 1)
    {fields, budget} = render({:%{}, [], fields}, budget)
    {["%", name, tl_map(fields)], budget}
  end

  defp render({:__aliases__, _, parts}, budget) when is_list(parts),
    do: emit(Enum.map_join(parts, ".", &part/1), budget)

  defp render({:@, _, [{name, _, _}]}, budget) when is_name(name),
    do: emit("@" <> name(name), budget)

  defp render({:__block__, _, [single]}, budget), do: render(single, budget)

  defp render({:__block__, _, statements}, budget) when is_list(statements),
    do: join(statements, "; ", budget)

  defp render({:|, _, [head, tail]}, budget), do: binary(head, "|", tail, budget)
  defp render({:"=>", _, [key, value]}, budget), do: binary(key, "=>", value, budget)

  defp render({:<<>>, _, parts}, budget) when is_list(parts) do
    if Enum.all?(parts, &(is_binary(&1) or interpolation?(&1))),
      do: string(parts, budget),
      else: many("<<", parts, ">>", budget)
  end

  defp render({:fn, _, _}, budget), do: emit("fn … end", budget)

  defp render({{:., _, [target, field]}, meta, []}, budget) when is_name(field) do
    {target, budget} = render(target, budget)
    suffix = if meta[:no_parens], do: "", else: "()"
    emit_after(target, "." <> name(field) <> suffix, budget)
  end

  defp render({{:., _, [target, fun]}, _, args}, budget) when is_name(fun) and is_list(args) do
    {target, budget} = render(target, budget)
    {call, budget} = call("." <> name(fun), args, budget)
    {[target, call], budget}
  end

  defp render({{:., _, [fun]}, _, args}, budget) when is_list(args) do
    {fun, budget} = render(fun, budget)
    {call, budget} = call(".", args, budget)
    {[fun, call], budget}
  end

  defp render({:.., _, [first, last]}, budget) do
    {first, budget} = render(first, budget)
    {last, budget} = render(last, budget - 2)
    {[first, "..", last], budget}
  end

  defp render({op, _, [left, right]}, budget) when op in @binary_ops,
    do: binary(left, Atom.to_string(op), right, budget)

  defp render({op, _, [operand]}, budget) when op in @unary_ops do
    {text, budget} = render(operand, budget - 3)
    text = if operator?(operand), do: ["(", text, ")"], else: text
    spacer = if op == :not, do: " ", else: ""
    {[Atom.to_string(op), spacer, text], budget}
  end

  defp render(var, budget) when is_var(var), do: emit(name(elem(var, 0)), budget)

  defp render({fun, _, args}, budget) when is_name(fun) and is_list(args),
    do: call(name(fun), args, budget)

  defp render(_ast, budget), do: emit("…", budget)

  defp operator?({op, _, [_, _]}) when op in @binary_ops, do: true
  defp operator?(_ast), do: false

  defp emit(text, budget), do: {text, budget - String.length(text)}

  defp emit_after(iodata, text, budget) do
    {more, budget} = emit(text, budget)
    {[iodata, more], budget}
  end

  defp call(prefix, args, budget) do
    {args, budget} = many("(", args, ")", budget - String.length(prefix))
    {[prefix, args], budget}
  end

  defp binary(left, op, right, budget) do
    {left, budget} = render(left, budget)
    {right, budget} = render(right, budget - String.length(op) - 2)
    {[left, " ", op, " ", right], budget}
  end

  # Calls and tuples show a trailing keyword list without brackets, as Elixir does.
  defp many(open, items, close, budget) do
    items =
      case {open, List.last(items)} do
        {open, last} when open in ["(", "{"] and is_list(last) ->
          if keyword?(last), do: List.replace_at(items, -1, {:__bare__, last}), else: items

        _ ->
          items
      end

    {inner, budget} = join(items, ", ", budget - String.length(open))
    {[open, inner, close], budget - String.length(close)}
  end

  defp wrap(open, {inner, budget}, close), do: {[open, inner, close], budget - 1}

  defp join(items, separator, budget) do
    {parts, budget} =
      Enum.reduce_while(items, {[], budget}, fn item, {acc, budget} ->
        if budget <= 0 do
          {:halt, {acc, 0}}
        else
          {text, budget} = render(item, budget)
          budget = if acc == [], do: budget, else: budget - String.length(separator)
          {:cont, {[text | acc], budget}}
        end
      end)

    {parts |> Enum.reverse() |> Enum.intersperse(separator), budget}
  end

  defp pairs(list, budget) do
    items = Enum.map(list, fn {key, value} -> {:__pair__, key, value} end)

    {parts, budget} =
      Enum.reduce_while(items, {[], budget}, fn {:__pair__, key, value}, {acc, budget} ->
        if budget <= 0 do
          {:halt, {acc, 0}}
        else
          {text, budget} = render(value, budget - String.length(name(key)) - 2)
          budget = if acc == [], do: budget, else: budget - 2
          {:cont, {[[name(key), ": ", text] | acc], budget}}
        end
      end)

    {parts |> Enum.reverse() |> Enum.intersperse(", "), budget}
  end

  defp keyword?(list), do: list != [] and Enum.all?(list, &match?({key, _} when is_name(key), &1))

  defp arrow({key, value}), do: {:"=>", [], [key, value]}
  defp arrow(other), do: other

  defp tl_map(["%{" | rest]), do: ["{" | rest]
  defp tl_map(other), do: other

  defp part({:__MODULE__, _, _}), do: "__MODULE__"
  defp part(part), do: name(part) || "…"

  defp interpolation?({:"::", _, [{{:., _, [Kernel, :to_string]}, _, [_]}, _]}), do: true
  defp interpolation?(_), do: false

  defp string(parts, budget) do
    {inner, budget} =
      Enum.reduce(parts, {[], budget - 2}, fn
        _part, {acc, budget} when budget <= 0 ->
          {acc, budget}

        part, {acc, budget} when is_binary(part) ->
          text = part |> inspect() |> String.slice(1..-2//1)
          {[acc, text], budget - String.length(text)}

        {:"::", _, [{_, _, [expr]}, _]}, {acc, budget} ->
          {text, budget} = render(expr, budget - 3)
          {[acc, "\#{", text, "}"], budget}
      end)

    {[?", inner, ?"], budget}
  end
end
