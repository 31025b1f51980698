defmodule OtpPlan.Native do
  @moduledoc false
  # The Rust NIF (native/otp_plan_nif). Each function returns
  # `{:ok, result} | {:error, message}`; a panic in Rust raises
  # `ErlangError{original: :nif_panicked}` and the VM goes on.

  @on_load :load
  @library "native/libotp_plan_nif"

  def load do
    case :erlang.load_nif(String.to_charlist(path()), 0) do
      :ok ->
        :persistent_term.erase({__MODULE__, :load_error})
        :ok

      {:error, {_reason, text}} ->
        # Stay loaded, so that callers get :nif_not_loaded and can ask why.
        :persistent_term.put({__MODULE__, :load_error}, List.to_string(text))
        :ok
    end
  end

  def path, do: Path.join(priv_dir(), @library)

  # otp_plan's priv directory, found from this module's own .beam
  # (`<app dir>/ebin/*.beam`): `:code.priv_dir(:otp_plan)` finds nothing when
  # the app directory has another name, as in an archive installed as `p.ez`.
  def priv_dir do
    case :code.which(__MODULE__) do
      beam when is_list(beam) ->
        beam |> List.to_string() |> Path.dirname() |> Path.dirname() |> Path.join("priv")

      # Loaded from memory, while otp_plan itself compiles: the code path knows it.
      _in_memory ->
        :otp_plan |> :code.lib_dir() |> to_string() |> Path.join("priv")
    end
  end

  # Why the library did not load, for error messages.
  def load_error, do: :persistent_term.get({__MODULE__, :load_error}, "not loaded")

  # `input` is `%{facts: map, focus: string | nil}`; `prd` and `claude` are
  # `{file_name, bytes}` or nil. Templates are looked up in `template_dirs`, in order.
  # Returns {:ok, {markdown, notices}}.
  def render(_input, _prd, _claude, _template_dirs), do: :erlang.nif_error(:nif_not_loaded)

  # The complete model as JSON: {:ok, json}.
  def json(_input, _prd, _claude), do: :erlang.nif_error(:nif_not_loaded)

  # Panics in Rust: lets the test suite prove that a panic does not kill the VM.
  def __panic__, do: :erlang.nif_error(:nif_not_loaded)
end
