defmodule OtpPlan.NativeTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Native

  test "a panic in Rust raises in the caller and the VM goes on" do
    assert_raise ErlangError, ~r/nif_panicked/, fn -> Native.__panic__() end

    assert {:ok, _} =
             Native.render(%{focus: nil, facts: %{project: %{app: "a"}}}, nil, nil, [dir()])
  end

  test "plain Elixir data converts: atom and string keys, nil, booleans, numbers, tuples" do
    input = %{
      "focus" => "x",
      facts: %{
        project: %{app: :shop, version: "1", elixir: nil, umbrella: false},
        deps: [],
        unread: [{:a, 1.5, true}]
      }
    }

    assert {:ok, {markdown, _notices}} = Native.render(input, nil, nil, [dir()])
    assert markdown =~ "# Planning: shop"
  end

  test "data that has no JSON shape is refused with its path" do
    assert {:error, message} = Native.render(%{facts: %{deps: [self()]}}, nil, nil, [dir()])
    assert message =~ "a pid"
    assert message =~ "facts.deps.0"
  end

  defp dir, do: hd(OtpPlan.template_dirs(File.cwd!()) |> Enum.reverse())
end
