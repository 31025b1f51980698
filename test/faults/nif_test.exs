defmodule OtpPlan.Faults.NifTest do
  # Hostile terms straight at the NIF: each is a clear `{:error, message}` or
  # a plan, never a crashed VM (these crashed it before issue 13).
  use ExUnit.Case, async: true

  alias OtpPlan.Native

  @ours OtpPlan.Native.priv_dir() |> Path.join("templates/plan.create")

  defp render(facts, dirs \\ [@ours]), do: Native.render(%{facts: facts}, nil, nil, dirs)

  defp nested_supervisors(depth) do
    leaf = %{module: "Leaf", type: "worker", children: []}

    tree =
      Enum.reduce(1..depth, leaf, fn i, child ->
        %{module: "Sup#{i}", type: "supervisor", children: [child]}
      end)

    %{project: %{app: "deep"}, supervision: %{module: "Deep.Application", children: [tree]}}
  end

  defp deep_list(depth), do: Enum.reduce(1..depth, [], fn _, acc -> [acc] end)

  test "250 nested supervisors render (130 overflowed the dirty scheduler's stack)" do
    assert {:ok, {markdown, _}} = render(nested_supervisors(250))
    assert markdown =~ "Sup250"
  end

  test "a tree nested past the limit is one clear error naming where" do
    assert {:error, message} = render(nested_supervisors(1_000))
    assert message =~ "nested deeper than 512 levels"
    assert message =~ "facts.supervision.children.0.children.0"
    assert String.length(message) < 300
  end

  test "a 100k-deep list is refused, and the JSON NIF refuses it too" do
    facts = %{project: %{app: "a"}, unread: deep_list(100_000)}
    assert {:error, message} = render(facts)
    assert message =~ "nested deeper than 512 levels to otp_plan (at facts.unread.0.0"
    assert {:error, ^message} = Native.json(%{facts: facts}, nil, nil)
  end

  test "a 100k-long flat list is fine: length is not depth" do
    facts = %{project: %{app: "a"}, deps: Enum.map(1..100_000, &%{name: "d#{&1}"})}
    assert {:ok, {json, _notices}} = Native.json(%{facts: facts}, nil, nil)
    assert json =~ ~s("name": "d100000")
  end

  test "an improper list is an error naming its path, not a panic" do
    assert {:error, message} = render(%{project: %{app: "a"}, deps: [%{name: "x"} | :tail]})
    assert message =~ "cannot pass an improper list to otp_plan (at facts.deps)"
  end

  test "an improper or malformed PRD list is an error, not a panic" do
    input = %{facts: %{project: %{app: "a"}}}
    message = "the PRD must be a list of {file_name, bytes}"
    assert {:error, ^message} = Native.render(input, [{"PRD.md", "# A"} | :tail], nil, [@ours])
    assert {:error, ^message} = Native.json(input, [:not_a_part], nil)
    assert {:ok, {_, _}} = Native.json(input, [{"a.md", "# A\n"}, {"b.md", "# B\n"}], nil)
  end

  test "improper or non-string template directories are errors" do
    assert {:error, message} = render(%{}, [@ours | "tail"])
    assert message =~ "improper list"
    assert {:error, "template directories must be a list of strings"} = render(%{}, [@ours, 1])
  end

  test "terms with no JSON shape are refused with their path" do
    for {bad, what} <- [
          {<<0xFF, 0xFE>>, "a binary that is not UTF-8"},
          {Integer.pow(2, 70), "an integer outside 64 bits"},
          {make_ref(), "a reference"},
          {fn -> :ok end, "a function"},
          {%{self() => 1}, "a map key that is not an atom or string"}
        ] do
      assert {:error, message} = render(%{project: %{app: "a", extra: bad}})
      assert message =~ what
      assert message =~ "facts.project"
    end
  end

  test "a recursive macro in an override: 70 levels render, 1000 stop at the recursion limit" do
    dir = Path.join(System.tmp_dir!(), "otp_plan_macro_#{System.unique_integer([:positive])}")
    File.mkdir_p!(dir)
    on_exit(fn -> File.rm_rf!(dir) end)

    write = fn depth ->
      File.write!(
        Path.join(dir, "PLANNING.md.j2"),
        "{% macro down(n) %}{% if n > 0 %}{{ down(n - 1) }}{% endif %}{% endmacro %}" <>
          "# deep\n{{ down(#{depth}) }}\n"
      )
    end

    write.(70)
    assert {:ok, {"# deep\n", ["read the code: " <> _]}} = render(%{}, [dir, @ours])

    write.(1_000)
    assert {:error, message} = render(%{}, [dir, @ours])
    assert message =~ "recursion limit exceeded (in PLANNING.md.j2:"
  end

  test "a panic raises :nif_panicked in the caller and prints no backtrace" do
    ebin = :code.which(OtpPlan.Native) |> List.to_string() |> Path.dirname()

    script = """
    try do
      OtpPlan.Native.__panic__()
    rescue
      e in ErlangError -> IO.puts("raised \#{inspect(e.original)}")
    end
    {:ok, _} = OtpPlan.Native.json(%{facts: %{}}, nil, nil)
    IO.puts("alive")
    """

    {output, 0} = System.cmd("elixir", ["-pa", ebin, "-e", script], stderr_to_stdout: true)
    assert output == "raised :nif_panicked\nalive\n"
  end
end
