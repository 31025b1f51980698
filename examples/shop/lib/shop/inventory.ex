defmodule Shop.Inventory do
  @moduledoc """
  The Inventory context: stock per variant. Reads go to the ETS cache kept
  by `Shop.Inventory.StockCache`; writes go to the database and are then
  broadcast so the cache and the live pages follow.
  """

  import Ecto.Query, warn: false

  alias Shop.Repo
  alias Shop.Inventory.{Stock, StockCache}

  @topic "stock"

  def subscribe, do: Phoenix.PubSub.subscribe(Shop.PubSub, @topic)

  @doc "Units that can still be sold, from the cache."
  def available(variant_id), do: StockCache.available(variant_id)

  def list_stock, do: Repo.all(Stock)

  @doc "Moves `quantity` units from on hand to reserved, refusing to oversell."
  def reserve(variant_id, quantity) do
    {count, _} =
      Repo.update_all(
        from(s in Stock,
          where: s.variant_id == ^variant_id and s.on_hand - s.reserved >= ^quantity
        ),
        inc: [reserved: quantity]
      )

    if count == 1, do: broadcast(variant_id), else: {:error, :sold_out}
  end

  def release(variant_id, quantity) do
    Repo.update_all(from(s in Stock, where: s.variant_id == ^variant_id), inc: [reserved: -quantity])
    broadcast(variant_id)
  end

  defp broadcast(variant_id) do
    stock = Repo.get_by!(Stock, variant_id: variant_id)
    Phoenix.PubSub.broadcast(Shop.PubSub, @topic, {:stock, variant_id, stock.on_hand - stock.reserved})
  end
end
