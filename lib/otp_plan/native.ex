defmodule OtpPlan.Native do
  @moduledoc false
  # The Rust NIF (native/otp_plan_nif). Each function returns
  # `{:ok, result} | {:error, message}`; a panic in Rust raises
  # `ErlangError{original: :nif_panicked}` and the VM goes on.

  @on_load :load
  @library "native/libotp_plan_nif"

  def load do
    path = path()

    case :erlang.load_nif(String.to_charlist(path), 0) do
      :ok ->
        :ok

      {:error, {reason, text}} ->
        # Stay loaded so that callers get :nif_not_loaded rather than an undefined module.
        IO.warn("otp_plan could not load its NIF #{path}.so (#{reason}: #{text})", [])
        :ok
    end
  end

  def path, do: :otp_plan |> :code.priv_dir() |> Path.join(@library)

  # Renders PLANNING.md from `input`, looking templates up in `template_dirs` in order.
  def render(_input, _template_dirs), do: :erlang.nif_error(:nif_not_loaded)

  # Panics in Rust: lets the test suite prove that a panic does not kill the VM.
  def __panic__, do: :erlang.nif_error(:nif_not_loaded)
end
