defmodule OtpPlan.Facts.Deps do
  @moduledoc """
  The project's declared dependencies as Mix read them from mix.exs, with
  the versions `mix.lock` resolved. (The role each plays in the plan is
  decided in Rust, with the project's kind.)
  """

  @doc "The deps of `config`, in mix.exs order, with versions from `locked`."
  @spec gather(keyword, %{String.t() => String.t()}) :: [map]
  def gather(config, locked) do
    Enum.map(config[:deps] || [], &dep(&1, locked))
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
