defmodule ShopWeb.CartLive do
  use ShopWeb, :live_view

  alias Shop.Carts

  @impl true
  def mount(_params, _session, socket) do
    {:ok, assign(socket, :lines, Carts.contents(socket.assigns.cart_id))}
  end

  @impl true
  def render(assigns) do
    ~H"""
    <p :for={{variant_id, quantity} <- @lines}>Variant <%= variant_id %> × <%= quantity %></p>
    """
  end
end
