defmodule OtpPlan.Facts.Project do
  @moduledoc """
  The project itself: name, version, Elixir requirement, application
  callback module, from the configuration Mix read out of mix.exs.
  """

  @doc "The project facts of `config`, the project's Mix config."
  @spec gather(keyword) :: map
  def gather(config) do
    application = application(config)
    mod = module(application[:mod])

    %{
      app: config[:app] && Atom.to_string(config[:app]),
      version: config[:version],
      elixir: config[:elixir],
      umbrella: config[:apps_path] != nil,
      mod: mod,
      extra_applications: Enum.map(application[:extra_applications] || [], &Atom.to_string/1)
    }
  end

  # application/0 of the project Mix loaded for `config`; nothing when the
  # loaded project is another app (the config was built by hand). Mix caches
  # project modules by app name, so the name, not the file, identifies it.
  defp application(config) do
    project = Mix.Project.get()

    if project && Mix.Project.config()[:app] == config[:app] &&
         function_exported?(project, :application, 0) do
      project.application()
    else
      []
    end
  end

  defp module({module, _args}) when is_atom(module), do: inspect(module)
  defp module(_), do: nil
end
