defmodule ShopWeb.Plugs.PartnerToken do
  @moduledoc "Token auth for the partner API."
  import Plug.Conn

  def init(opts), do: opts

  def call(conn, _opts) do
    tokens = Application.get_env(:shop, :partner_tokens, [])

    case get_req_header(conn, "authorization") do
      ["Bearer " <> token] -> if token in tokens, do: conn, else: deny(conn)
      _ -> deny(conn)
    end
  end

  defp deny(conn), do: conn |> send_resp(401, "unauthorized") |> halt()
end
