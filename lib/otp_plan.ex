defmodule OtpPlan do
  @moduledoc """
  Writes PLANNING.md for an Elixir project from its real code and its PRD.

  Facts are gathered here in Elixir; parsing, deciding and rendering happen in
  the Rust NIF. The entry point for users is `mix plan.create`.
  """

  alias OtpPlan.{Facts, Native}

  @template_subdir "templates/plan.create"

  @doc """
  Renders the plan for the project at `root` whose Mix config is `config`.

  Returns `{:ok, markdown}` or `{:error, message}`; never raises for bad input.
  """
  @spec render(Path.t(), keyword, String.t() | nil) :: {:ok, String.t()} | {:error, String.t()}
  def render(root, config, focus) do
    input = %{focus: focus, facts: Facts.gather(root, config)}
    call_nif(fn -> Native.render(input, template_dirs(root)) end)
  end

  @doc """
  The directories templates are looked up in, first match wins: the host's
  `priv/templates/plan.create/`, then otp_plan's own.
  """
  @spec template_dirs(Path.t()) :: [Path.t()]
  def template_dirs(root) do
    [
      Path.join([root, "priv", @template_subdir]),
      Path.join(:code.priv_dir(:otp_plan), @template_subdir)
    ]
  end

  defp call_nif(fun) do
    fun.()
  rescue
    error in ErlangError ->
      case error.original do
        :nif_not_loaded ->
          {:error,
           "otp_plan's native library is not loaded (#{Native.path()}.so); rebuild it with `mix compile`"}

        :nif_panicked ->
          {:error,
           "otp_plan hit an internal error (a Rust panic); please report it with the command you ran"}

        _ ->
          reraise error, __STACKTRACE__
      end
  end
end
