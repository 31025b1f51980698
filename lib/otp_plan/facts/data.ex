defmodule OtpPlan.Facts.Data do
  @moduledoc """
  The Ecto data layer as written: repos, schemas with their fields and
  associations, the number of migrations, and the contexts, modules under
  `lib/<app>/` that call a repo and name schemas.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1]
  alias OtpPlan.Facts.{Ast, Definition, Processes}

  @assocs ~w(belongs_to has_many has_one many_to_many embeds_one embeds_many)a

  @doc "The data layer of the project at `root` whose app is `app`."
  @spec gather(Path.t(), String.t() | nil, %{String.t() => Definition.t()}) :: map
  def gather(root, app, modules) do
    sorted = modules |> Map.values() |> Enum.sort_by(& &1.name)
    repos = for defn <- sorted, repo = repo(defn), do: repo
    schemas = Enum.flat_map(sorted, &schemas/1)
    repo_names = Enum.map(repos, & &1.module)
    schema_names = Enum.map(schemas, & &1.module)

    %{
      repos: repos,
      schemas: schemas,
      migrations: length(Path.wildcard(Path.join(root, "priv/*/migrations/*.exs"))),
      contexts:
        for defn <- sorted,
            context?(defn, app, repo_names ++ schema_names, modules),
            repo_call?(defn, repo_names),
            used = referenced(defn, schema_names),
            used != [] do
          %{module: defn.name, schemas: used}
        end
    }
  end

  # Libraries whose `use` defines an Ecto repo, with the adapter each sets
  # when `adapter:` is not given (nil: only the option says).
  @repo_uses %{
    "Ecto.Repo" => nil,
    "AshPostgres.Repo" => "Ecto.Adapters.Postgres",
    "AshSqlite.Repo" => "Ecto.Adapters.SQLite3",
    "AshMysql.Repo" => "Ecto.Adapters.MyXQL"
  }

  @doc "The modules whose `use` makes a module an Ecto repo."
  @spec repo_uses() :: [String.t()]
  def repo_uses, do: Map.keys(@repo_uses)

  defp repo(defn) do
    case Enum.find(defn.uses, fn {used, _} -> Map.has_key?(@repo_uses, used) end) do
      {used, [opts]} when is_list(opts) ->
        %{
          module: defn.name,
          adapter: Definition.expand(opts[:adapter], defn) || @repo_uses[used],
          otp_app: Ast.name(opts[:otp_app])
        }

      {used, _} ->
        %{module: defn.name, adapter: @repo_uses[used], otp_app: nil}

      nil ->
        nil
    end
  end

  defp schemas(defn) do
    # `schema @source do`, TypedEctoSchema's typed_schema: a schema all the same.
    Enum.flat_map(Definition.statements(defn.body), fn
      {kind, _, [source, [do: block]]} when kind in [:schema, :typed_schema] ->
        source = Definition.attribute(source, defn)
        schema(defn, defn.name, if(is_binary(source), do: source), false, block)

      {kind, _, [[do: block]]} when kind in [:embedded_schema, :typed_embedded_schema] ->
        schema(defn, defn.name, nil, true, block)

      _ ->
        []
    end)
  end

  # The schema and the inline embedded schemas it defines (`embeds_many :x, X do … end`).
  defp schema(defn, module, source, embedded, block) do
    statements = Definition.statements(block)

    inline =
      for {kind, _, [_name, {:__aliases__, _, parts} | rest]} <- statements,
          kind in [:embeds_one, :embeds_many],
          [do: inner] <- [List.last(rest)],
          schema <- schema(defn, Ast.dotted([module | parts]), nil, true, inner),
          do: schema

    [
      %{
        module: module,
        source: source,
        embedded: embedded,
        fields: Enum.flat_map(statements, &field(&1, defn)),
        assocs: Enum.flat_map(statements, &assoc(&1, defn, module))
      }
      | inline
    ]
  end

  defp field({:field, _, [name | rest]}, defn) when is_name(name) do
    type =
      case rest do
        [] -> "string"
        [type | _] when is_name(type) -> Ast.name(type)
        [type | _] -> Definition.expand(type, defn) || Ast.text(type)
      end

    [%{name: Ast.name(name), type: type}]
  end

  defp field({:timestamps, _, args}, _defn) do
    type =
      case args do
        [opts] when is_list(opts) -> Keyword.get(opts, :type, :naive_datetime)
        _ -> :naive_datetime
      end
      |> then(&(Ast.name(&1) || Ast.text(&1)))

    [%{name: "inserted_at", type: type}, %{name: "updated_at", type: type}]
  end

  defp field(_statement, _defn), do: []

  defp assoc({kind, _, [name, related | rest]}, defn, module)
       when kind in @assocs and is_name(name) do
    inline? = match?([do: _], List.last(rest))

    related =
      case related do
        {:__aliases__, _, parts} when inline? -> Ast.dotted([module | parts])
        _ -> Definition.expand(related, defn)
      end

    [%{kind: Atom.to_string(kind), name: Ast.name(name), related: related}]
  end

  defp assoc(_statement, _defn, _module), do: []

  defp context?(defn, app, data_modules, modules) do
    defn.file != nil and app != nil and String.contains?(defn.file, "lib/#{app}/") and
      defn.name not in data_modules and Processes.behaviour(defn, modules) == nil
  end

  defp repo_call?(defn, repo_names) do
    Enum.any?(Definition.calls(defn), fn {module, _, _, _} -> module in repo_names end)
  end

  defp referenced(defn, schema_names) do
    {_, names} =
      Macro.prewalk(defn.body, MapSet.new(), fn
        {:__aliases__, _, _} = alias_ast, acc ->
          {alias_ast, MapSet.put(acc, Definition.expand(alias_ast, defn))}

        node, acc ->
          {node, acc}
      end)

    Enum.filter(schema_names, &MapSet.member?(names, &1))
  end
end
