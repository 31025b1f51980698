defmodule ShopWeb.CartSession do
  @moduledoc "Gives every storefront LiveView the visitor's cart id, opening the cart process."
  import Phoenix.Component, only: [assign: 3]

  def on_mount(:default, _params, session, socket) do
    cart_id = session["cart_id"] || Base.url_encode64(:crypto.strong_rand_bytes(12))
    if Phoenix.LiveView.connected?(socket), do: {:ok, _pid} = Shop.Carts.open(cart_id)
    {:cont, assign(socket, :cart_id, cart_id)}
  end
end
