defmodule OtpPlan.Facts do
  @moduledoc """
  Facts about the host project, read from its Mix configuration without
  running or compiling any of its code.
  """

  @doc "Gathers the facts of the project whose Mix `config` is given."
  @spec gather(keyword) :: map
  def gather(config) do
    %{project: project(config), deps: Enum.map(config[:deps] || [], &dep/1)}
  end

  defp project(config) do
    %{
      app: config[:app] && Atom.to_string(config[:app]),
      version: config[:version],
      elixir: config[:elixir]
    }
  end

  defp dep({name, requirement}) when is_binary(requirement), do: dep({name, requirement, []})
  defp dep({name, opts}) when is_list(opts), do: dep({name, nil, opts})

  defp dep({name, requirement, opts}) do
    %{
      name: Atom.to_string(name),
      requirement: requirement,
      source: source(opts),
      only: opts |> Keyword.get(:only, []) |> List.wrap() |> Enum.map(&Atom.to_string/1),
      runtime: Keyword.get(opts, :runtime, true)
    }
  end

  defp source(opts) do
    cond do
      opts[:git] || opts[:github] -> "git"
      opts[:path] -> "path"
      opts[:in_umbrella] -> "umbrella"
      true -> "hex"
    end
  end
end
