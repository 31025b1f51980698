defmodule OtpPlan.MixFile do
  @moduledoc """
  Adds tasks to the aliases in a host's mix.exs, editing it as code.

  The file is parsed with `Code.string_to_quoted/2` (its atoms encoded as
  strings, so its text creates none) only to find where the alias list is.
  That list alone is then rewritten by the Elixir formatter, with its
  comments; every other byte of the file stays as it was. A project without
  aliases gets `aliases: aliases()` in `project/0` and a `defp aliases`
  function. In a `mix format`ted file only the alias lines change.
  """

  @typedoc "An alias and the task it must run, e.g. `{:setup, \"plan.create\"}`."
  @type wanted :: {atom, String.t()}

  @doc """
  `text` with each task in `wanted` appended to its alias (the alias created
  when absent). Returns the text unchanged when every task is there already.
  `line_length` is the formatter's (98 by default).
  """
  @spec add(String.t(), [wanted], pos_integer) :: {:ok, String.t()} | {:error, String.t()}
  def add(text, wanted, line_length \\ 98) do
    with {:ok, ast} <- locate_ast(text),
         {:ok, module, body} <- module(ast),
         {:ok, project} <- project_list(body) do
      case aliases_value(project) do
        nil ->
          insert_aliases(text, module, body, project, wanted, line_length)

        # Inline aliases are rewritten with project/0's list, which may
        # have to break over lines once they grow.
        {:__block__, _, [list]} when is_list(list) ->
          patch(
            text,
            project,
            &update_entry(&1, :aliases, fn a -> add_tasks(a, wanted) end),
            line_length
          )

        value ->
          with {:ok, list} <- alias_list(value, body) do
            patch(text, list, &add_tasks(&1, wanted), line_length)
          end
      end
    end
  end

  # Atoms are encoded as {:atom, name}: the host's text creates none.
  defp locate_ast(text) do
    opts = [
      static_atoms_encoder: fn token, _meta -> {:ok, {:atom, token}} end,
      literal_encoder: &{:ok, {:__block__, &2, [&1]}},
      token_metadata: true,
      columns: true,
      emit_warnings: false
    ]

    case Code.string_to_quoted(text, opts) do
      {:ok, ast} -> {:ok, ast}
      {:error, {meta, message, token}} -> {:error, "line #{line(meta)}: #{message}#{token}"}
    end
  end

  defp line(meta) when is_list(meta), do: meta[:line]
  defp line(line), do: line

  defp module({{:atom, "defmodule"}, meta, [_name, [{_do, body}]]}), do: {:ok, meta, body}
  defp module(_), do: {:error, "it does not hold one defmodule"}

  defp project_list(body) do
    case defs(body)["project"] do
      {_meta, {:__block__, _, [list]} = node} when is_list(list) -> {:ok, node}
      _ -> {:error, "project/0 does not return a keyword list"}
    end
  end

  # Zero-arity def/defp of the module by name: {meta, last expression}.
  defp defs(body) do
    for {{:atom, kind}, meta, [{{:atom, name}, _, args}, [{_do, fun_body}]]} <- statements(body),
        kind in ["def", "defp"],
        args in [nil, []],
        into: %{},
        do: {name, {meta, last(fun_body)}}
  end

  defp statements({:__block__, [], statements}), do: statements
  defp statements(statement), do: [statement]

  defp last(body), do: List.last(statements(body))

  defp aliases_value({:__block__, _, [entries]}) do
    Enum.find_value(entries, fn
      {{:__block__, _, [{:atom, "aliases"}]}, value} -> value
      _ -> nil
    end)
  end

  # The literal list the aliases function returns (the literal list on the right of a
  # `base ++ [...]`, or the one that holds `setup:`).
  defp alias_list({{:atom, name}, _, args}, body) when args in [nil, []] do
    case defs(body)[name] do
      nil ->
        {:error, "aliases: calls #{name}/0, which is not defined in mix.exs"}

      {_meta, expression} ->
        lists = keyword_lists(expression)

        found =
          Enum.find(lists, &has_key?(&1, "setup")) ||
            case expression do
              {:__block__, _, [list]} when is_list(list) -> expression
              {:++, _, [_, {:__block__, _, [list]} = right]} when is_list(list) -> right
              _ -> nil
            end

        if found,
          do: {:ok, found},
          else: {:error, "#{name}/0 does not end in a literal keyword list of aliases"}
    end
  end

  defp alias_list(_value, _body),
    do: {:error, "aliases: is neither a list nor a call to a function"}

  defp keyword_lists(ast) do
    {_, lists} =
      Macro.prewalk(ast, [], fn
        {:__block__, _, [[{{:__block__, _, _}, _} | _]]} = node, acc -> {node, [node | acc]}
        node, acc -> {node, acc}
      end)

    Enum.reverse(lists)
  end

  defp has_key?({:__block__, _, [entries]}, key) do
    Enum.any?(entries, &match?({{:__block__, _, [{:atom, ^key}]}, _}, &1))
  end

  defp insert_aliases(text, module, body, project, wanted, line_length) do
    if Map.has_key?(defs(body), "aliases") do
      {:error, "project/0 has no aliases: but aliases/0 exists; add `aliases: aliases()` by hand"}
    else
      end_line = module[:end][:line]
      indent = String.duplicate(" ", module[:column] + 1)
      entries = Enum.map_join(wanted, ", ", fn {name, task} -> ~s(#{name}: ["#{task}"]) end)
      function = "\n#{indent}defp aliases do\n#{indent}  [#{entries}]\n#{indent}end\n"
      lines = String.split(text, "\n")
      {head, tail} = Enum.split(lines, end_line - 1)
      text = Enum.join(head ++ [function <> Enum.join(tail, "\n")], "\n")

      patch(text, project, &append(&1, call_entry(:aliases, &1)), line_length)
    end
  end

  # Rewrites the list `node` (located in `text`) through `fun`, which gets
  # the list as the formatter's AST of its own text; nil leaves it alone.
  defp patch(text, {:__block__, meta, _}, fun, line_length) do
    from = offset(text, meta[:line], meta[:column])
    to = offset(text, meta[:closing][:line], meta[:closing][:column]) + 1
    line_start = offset(text, meta[:line], 1)
    [indent] = Regex.run(~r/\A */, binary_part(text, line_start, from - line_start))

    with {:ok, quoted, comments} <- formatter_ast(binary_part(text, from, to - from)) do
      case fun.(quoted) do
        nil ->
          {:ok, text}

        {:error, _} = error ->
          error

        changed ->
          formatted =
            changed
            |> Code.quoted_to_algebra(comments: comments, escape: false)
            |> Inspect.Algebra.format(line_length - (from - line_start))
            |> IO.iodata_to_binary()
            |> String.replace("\n", "\n" <> indent)

          {:ok,
           binary_part(text, 0, from) <> formatted <> binary_part(text, to, byte_size(text) - to)}
      end
    end
  end

  # The byte offset of a line and column (both from 1, columns in characters).
  defp offset(text, line, column) do
    lines = String.split(text, "\n")
    before = lines |> Enum.take(line - 1) |> Enum.map(&(byte_size(&1) + 1)) |> Enum.sum()
    before + byte_size(String.slice(Enum.at(lines, line - 1), 0, column - 1))
  end

  # The same AST the formatter reads. The list's atoms exist already: Mix
  # compiled this mix.exs, so `existing_atoms_only` creates none.
  defp formatter_ast(slice) do
    opts = [
      unescape: false,
      literal_encoder: &{:ok, {:__block__, &2, [&1]}},
      token_metadata: true,
      existing_atoms_only: true,
      emit_warnings: false
    ]

    case Code.string_to_quoted_with_comments(slice, opts) do
      {:ok, quoted, comments} -> {:ok, quoted, comments}
      {:error, {meta, message, token}} -> {:error, "line #{line(meta)}: #{message}#{token}"}
    end
  end

  defp add_tasks(list, wanted) do
    changed =
      Enum.reduce_while(wanted, list, fn {name, task}, list ->
        case entry(list, name) do
          nil -> {:cont, append(list, task_entry(name, task, closing_line(list)))}
          value -> with_task(list, name, task, add_task(value, task))
        end
      end)

    if changed == list, do: nil, else: changed
  end

  defp with_task(list, name, _task, {:ok, value}), do: {:cont, put_entry(list, name, value)}

  defp with_task(_list, name, task, :error) do
    {:halt,
     {:error, "the #{name} alias is not a list of tasks; add #{inspect(task)} to it by hand"}}
  end

  defp update_entry(list, name, fun) do
    case fun.(entry(list, name)) do
      nil -> nil
      {:error, _} = error -> error
      value -> put_entry(list, name, value)
    end
  end

  defp entry({:__block__, _, [entries]}, name) do
    Enum.find_value(entries, fn
      {{:__block__, _, [^name]}, value} -> value
      _ -> nil
    end)
  end

  defp put_entry({:__block__, meta, [entries]}, name, value) do
    entries =
      Enum.map(entries, fn
        {{:__block__, _, [^name]} = key, _} -> {key, value}
        entry -> entry
      end)

    {:__block__, meta, [entries]}
  end

  defp add_task({:__block__, meta, [tasks]} = value, task) when is_list(tasks) do
    if Enum.any?(tasks, &match?({:__block__, _, [^task]}, &1)),
      do: {:ok, value},
      else: {:ok, {:__block__, meta, [tasks ++ [string(task, meta[:closing][:line])]]}}
  end

  # `setup: "deps.get"` becomes a list.
  defp add_task({:__block__, meta, [existing]} = value, task) when is_binary(existing) do
    if existing == task,
      do: {:ok, value},
      else:
        {:ok,
         {:__block__, [closing: [line: meta[:line]]] ++ meta,
          [[value, string(task, meta[:line])]]}}
  end

  defp add_task(_value, _task), do: :error

  defp append({:__block__, meta, [entries]}, entry), do: {:__block__, meta, [entries ++ [entry]]}

  defp closing_line({:__block__, meta, _}), do: meta[:closing][:line]

  defp task_entry(name, task, line) do
    {key(name, line), {:__block__, [closing: [line: line], line: line], [[string(task, line)]]}}
  end

  defp call_entry(name, list) do
    line = closing_line(list)
    {key(name, line), {name, [closing: [line: line], line: line], []}}
  end

  defp key(name, line), do: {:__block__, [format: :keyword, line: line], [name]}
  defp string(text, line), do: {:__block__, [delimiter: ~s("), line: line], [text]}
end
