defmodule Shop.Carts do
  @moduledoc """
  Carts are processes: one `Shop.Carts.Cart` per session, started under
  `Shop.CartSupervisor` and found through `Shop.CartRegistry`.
  """

  alias Shop.Carts.Cart

  @doc "The cart of `session_id`, started if it is not running."
  @spec open(String.t()) :: {:ok, pid} | {:error, term}
  def open(session_id) do
    case DynamicSupervisor.start_child(Shop.CartSupervisor, {Cart, session_id}) do
      {:ok, pid} -> {:ok, pid}
      {:error, {:already_started, pid}} -> {:ok, pid}
      error -> error
    end
  end

  def add(session_id, variant_id, quantity), do: GenServer.call(Cart.via(session_id), {:add, variant_id, quantity})

  def contents(session_id), do: GenServer.call(Cart.via(session_id), :contents)
end
