defmodule OtpPlan.Test.Faults do
  @moduledoc false
  # Helpers for the fault suite (test/faults): run `mix plan.create` in a temp
  # copy of a host, then check what it said and what it did to the files.

  import ExUnit.Assertions

  @shop Path.expand("../../examples/shop", __DIR__)

  @doc "A fresh copy of examples/shop, removed after the test."
  def shop!, do: OtpPlan.Test.Host.copy!(@shop, "fault")

  @doc "An empty directory outside the project, removed after the test."
  def outside! do
    dir = Path.join(System.tmp_dir!(), "otp_plan_outside_#{System.unique_integer([:positive])}")
    File.mkdir_p!(dir)
    ExUnit.Callbacks.on_exit(fn -> File.rm_rf!(dir) end)
    dir
  end

  @doc """
  Runs `mix plan.create args` in `dir` inside this VM, as the Mix CLI would:
  `{0, lines}` on success, `{1, lines}` on a `Mix.Error` (the CLI prints its
  message on one line and exits 1). Any other exception is a crash and fails
  the test with its trace. `lines` are what the task printed, in order.
  """
  def run(dir, args) do
    Mix.shell(Mix.Shell.Process)

    {status, stdout} =
      try do
        stdout =
          ExUnit.CaptureIO.capture_io(fn ->
            Mix.Project.in_project(:shop, dir, fn _ -> Mix.Task.rerun("plan.create", args) end)
          end)

        {0, stdout}
      rescue
        error in Mix.Error -> {1, "** (Mix) " <> error.message}
      after
        Mix.shell(Mix.Shell.IO)
      end

    {status, shell_lines() ++ String.split(stdout, "\n", trim: true)}
  end

  defp shell_lines do
    receive do
      {:mix_shell, _kind, [line]} -> [line | shell_lines()]
    after
      0 -> []
    end
  end

  @doc """
  Asserts the run failed with one error line matching `pattern`, after at most
  what a good run prints first (Mix's `==> app`, what was read); returns it.
  """
  def assert_refused({status, lines}, pattern) do
    assert status == 1, "expected a failure, got #{inspect(lines)}"
    {before, [line]} = Enum.split(lines, -1)
    assert line =~ pattern
    assert String.starts_with?(line, "** (Mix) ")
    Enum.each(lines, &refute_trace/1)
    refute Enum.any?(before, &(&1 =~ ~r/error|\*\* \(/)), inspect(lines)
    line
  end

  @doc "Asserts the run succeeded and printed no trace; returns its lines."
  def assert_ok({status, lines}) do
    assert status == 0, "expected success, got #{inspect(lines)}"
    Enum.each(lines, &refute_trace/1)
    lines
  end

  def refute_trace(text) do
    refute text =~ ~r/\(\w+ \d+\.\d+\.\d+\) |\*\* \((?!Mix\))/, "a stack trace: #{text}"
    refute text =~ "\n", "more than one line: #{text}"
  end

  @doc """
  Every entry under `dir` (symlinks not followed) with its content's hash,
  `{:link, target}` or `:dir`; `_build` and `deps` left out.
  """
  def snapshot(dir), do: snapshot(dir, "", %{})

  defp snapshot(dir, prefix, acc) do
    dir
    |> Path.join(prefix)
    |> File.ls!()
    |> Enum.reject(&(prefix == "" and &1 in ["_build", "deps"]))
    |> Enum.reduce(acc, fn name, acc ->
      relative = Path.join(prefix, name)
      path = Path.join(dir, relative)

      case File.lstat!(path) do
        %{type: :directory} ->
          snapshot(dir, relative, Map.put(acc, relative, :dir))

        %{type: :symlink} ->
          Map.put(acc, relative, {:link, File.read_link!(path)})

        %{type: :regular} ->
          Map.put(acc, relative, :crypto.hash(:md5, File.read!(path)))

        %{type: type} ->
          Map.put(acc, relative, type)
      end
    end)
  end

  @doc "Asserts `dir` now equals `before` except for the entries `changed` (added or modified)."
  def assert_only_changed(dir, before, changed \\ []) do
    now = snapshot(dir)
    assert Map.drop(now, changed) == Map.drop(before, changed)
    for path <- changed, do: assert(Map.has_key?(now, path), "#{path} was not written")
    now
  end

  @doc "Whether this machine lets the suite mount a small tmpfs (root, not in every CI)."
  def can_mount? do
    dir = Path.join(System.tmp_dir!(), "otp_plan_mount_probe")
    File.mkdir_p!(dir)

    ok =
      match?(
        {_, 0},
        System.cmd("mount", ~w(-t tmpfs -o size=16k tmpfs #{dir}), stderr_to_stdout: true)
      )

    if ok, do: System.cmd("umount", [dir])
    File.rmdir(dir)
    ok
  rescue
    _ -> false
  end

  @doc "Mounts a tmpfs of `size` (with `opts`, e.g. \"ro\") at a new directory, unmounted after the test."
  def mount!(size, opts \\ []) do
    dir = Path.join(System.tmp_dir!(), "otp_plan_mnt_#{System.unique_integer([:positive])}")
    File.mkdir_p!(dir)
    options = Enum.join(["size=#{size}" | opts], ",")
    {_, 0} = System.cmd("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir])

    ExUnit.Callbacks.on_exit(fn ->
      System.cmd("umount", [dir])
      File.rmdir(dir)
    end)

    dir
  end

  @doc "Whether file permissions bind this user (they do not bind root)."
  def permissions_bind? do
    path =
      Path.join(System.tmp_dir!(), "otp_plan_perm_probe_#{System.unique_integer([:positive])}")

    File.write!(path, "x")
    File.chmod!(path, 0o000)
    binds = match?({:error, :eacces}, File.read(path))
    File.rm!(path)
    binds
  end
end
