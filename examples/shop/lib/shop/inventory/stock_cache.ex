defmodule Shop.Inventory.StockCache do
  @moduledoc """
  Owns the `:stock_cache` ETS table: available units per variant, read by
  every LiveView and cart without a message to this process. Rebuilt from
  the database on start and reconciled every 30 seconds.
  """
  use GenServer

  alias Shop.Inventory

  @table :stock_cache
  @reconcile_every :timer.seconds(30)

  def start_link(_arg), do: GenServer.start_link(__MODULE__, :ok, name: __MODULE__)

  @spec available(integer) :: non_neg_integer
  def available(variant_id) do
    case :ets.lookup(@table, variant_id) do
      [{^variant_id, units}] -> units
      [] -> 0
    end
  end

  @impl true
  def init(:ok) do
    :ets.new(@table, [:named_table, :set, :protected, read_concurrency: true])
    Inventory.subscribe()
    {:ok, reconcile(%{})}
  end

  @impl true
  def handle_info({:stock, variant_id, units}, state) do
    :ets.insert(@table, {variant_id, units})
    {:noreply, state}
  end

  def handle_info(:reconcile, state), do: {:noreply, reconcile(state)}

  defp reconcile(state) do
    rows = for stock <- Inventory.list_stock(), do: {stock.variant_id, stock.on_hand - stock.reserved}
    :ets.insert(@table, rows)
    Process.send_after(self(), :reconcile, @reconcile_every)
    state
  end
end
