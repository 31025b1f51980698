defmodule OtpPlan.Test.FactsJson do
  @moduledoc false
  # Encodes gathered facts as pretty JSON with sorted keys, so the Rust-side
  # facts fixtures are generated from what Elixir gathers (Elixir 1.14 has no
  # JSON module and the project takes no Hex dependency).

  def encode(term), do: IO.iodata_to_binary([value(term, ""), "\n"])

  defp value(nil, _), do: "null"
  defp value(bool, _) when is_boolean(bool), do: to_string(bool)
  defp value(int, _) when is_integer(int), do: Integer.to_string(int)
  defp value(atom, indent) when is_atom(atom), do: value(Atom.to_string(atom), indent)
  defp value(text, _) when is_binary(text), do: string(text)
  defp value([], _), do: "[]"

  defp value(list, indent) when is_list(list) do
    inner = indent <> "  "
    ["[\n", Enum.map_intersperse(list, ",\n", &[inner, value(&1, inner)]), "\n", indent, "]"]
  end

  defp value(map, _) when map == %{}, do: "{}"

  defp value(map, indent) when is_map(map) do
    inner = indent <> "  "

    entries =
      map
      |> Enum.map(fn {k, v} -> {to_string(k), v} end)
      |> Enum.sort()
      |> Enum.map_intersperse(",\n", fn {k, v} -> [inner, string(k), ": ", value(v, inner)] end)

    ["{\n", entries, "\n", indent, "}"]
  end

  defp string(text) do
    escaped =
      for <<c::utf8 <- text>>, into: "" do
        case c do
          ?" -> "\\\""
          ?\\ -> "\\\\"
          ?\n -> "\\n"
          ?\t -> "\\t"
          ?\r -> "\\r"
          c when c < 0x20 -> "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
          c -> <<c::utf8>>
        end
      end

    ~s("#{escaped}")
  end
end
