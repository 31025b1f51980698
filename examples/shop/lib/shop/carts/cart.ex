defmodule Shop.Carts.Cart do
  @moduledoc """
  One shopper's cart. Holds stock reservations for 15 minutes; when the
  process stops, for any reason, its reservations are released.
  """
  use GenServer, restart: :temporary

  alias Shop.Inventory

  @reservation_ttl :timer.minutes(15)

  def start_link(session_id), do: GenServer.start_link(__MODULE__, session_id, name: via(session_id))

  def via(session_id), do: {:via, Registry, {Shop.CartRegistry, session_id}}

  @impl true
  def init(session_id) do
    Process.flag(:trap_exit, true)
    {:ok, %{session_id: session_id, lines: %{}}, @reservation_ttl}
  end

  @impl true
  def handle_call({:add, variant_id, quantity}, _from, state) do
    case Inventory.reserve(variant_id, quantity) do
      :ok ->
        lines = Map.update(state.lines, variant_id, quantity, &(&1 + quantity))
        {:reply, :ok, %{state | lines: lines}, @reservation_ttl}

      {:error, :sold_out} = error ->
        {:reply, error, state, @reservation_ttl}
    end
  end

  def handle_call(:contents, _from, state), do: {:reply, state.lines, state, @reservation_ttl}

  @impl true
  def handle_info(:timeout, state), do: {:stop, :normal, state}

  @impl true
  def terminate(_reason, state) do
    Enum.each(state.lines, fn {variant_id, quantity} -> Inventory.release(variant_id, quantity) end)
  end
end
