defmodule OtpPlan.Facts.Deps do
  @moduledoc """
  The project's declared dependencies as Mix read them from mix.exs, with
  the versions `mix.lock` resolved. (The role each plays in the plan is
  decided in Rust, with the project's kind.)
  """

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
      locked: if(opts[:in_umbrella] || opts[:path], do: nil, else: locked[name])
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
