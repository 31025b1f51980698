defmodule OtpPlan.Facts.Deps do
  @moduledoc """
  The project's declared dependencies as Mix read them from mix.exs, with
  the versions `mix.lock` resolved and the role each plays in an
  architecture plan.
  """

  # Deps the plan talks about, by the role they play.
  @categories %{
    "web" => ~w(phoenix phoenix_html phoenix_ecto plug),
    "live_view" => ~w(phoenix_live_view),
    "pubsub" => ~w(phoenix_pubsub),
    "data" => ~w(ecto ecto_sql),
    "db_adapter" => ~w(postgrex myxql ecto_sqlite3 tds),
    "jobs" => ~w(oban oban_pro oban_web quantum),
    "pipeline" => ~w(broadway gen_stage flow),
    "cluster" => ~w(libcluster dns_cluster),
    "registry" => ~w(horde swarm syn),
    "cache" => ~w(cachex nebulex con_cache),
    "http_client" => ~w(finch req tesla httpoison mint),
    "graphql" => ~w(absinthe absinthe_plug),
    "server" => ~w(bandit plug_cowboy cowboy),
    "observability" =>
      ~w(telemetry telemetry_metrics telemetry_poller prom_ex opentelemetry opentelemetry_api
         opentelemetry_exporter phoenix_live_dashboard),
    "embedded" => ~w(nerves nerves_runtime nerves_pack shoehorn),
    "quality" => ~w(credo dialyxir excoveralls sobelow mix_audit),
    "test" => ~w(stream_data mox ex_machina wallaby floki lazy_html)
  }

  @category_of for {category, names} <- @categories,
                   name <- names,
                   into: %{},
                   do: {name, category}

  @doc """
  The deps of `config`, in mix.exs order, with versions from `locked`.
  `mix_exs` is the text of mix.exs (nil when unread): a requirement it does
  not contain literally was computed when Mix loaded the file (pinned to the
  lock, read from a file…) and is flagged `requirement_computed`.
  """
  @spec gather(keyword, %{String.t() => String.t()}, String.t() | nil) :: [map]
  def gather(config, locked, mix_exs \\ nil) do
    for spec <- config[:deps] || [] do
      dep = dep(spec, locked)

      computed =
        is_binary(mix_exs) and is_binary(dep.requirement) and
          not String.contains?(mix_exs, inspect(dep.requirement))

      Map.put(dep, :requirement_computed, computed)
    end
  end

  @doc "The role of the dep named `name` in a plan, or nil."
  @spec category(String.t()) :: String.t() | nil
  def category(name), do: Map.get(@category_of, name)

  defp dep({name, requirement}, locked) when is_binary(requirement),
    do: dep({name, requirement, []}, locked)

  defp dep({name, opts}, locked) when is_list(opts), do: dep({name, nil, opts}, locked)

  defp dep({name, requirement, opts}, locked) do
    name = Atom.to_string(name)

    %{
      name: name,
      requirement: requirement,
      source: source(opts),
      only: opts |> Keyword.get(:only, []) |> List.wrap() |> Enum.map(&Atom.to_string/1),
      runtime: Keyword.get(opts, :runtime, true),
      optional: Keyword.get(opts, :optional, false),
      targets: opts |> Keyword.get(:targets, []) |> List.wrap() |> Enum.map(&Atom.to_string/1),
      locked: if(opts[:in_umbrella] || opts[:path], do: nil, else: locked[name]),
      category: category(name)
    }
  end

  defp source(opts) do
    cond do
      opts[:git] || opts[:github] -> "git"
      opts[:in_umbrella] -> "umbrella"
      opts[:path] -> "path"
      true -> "hex"
    end
  end
end
