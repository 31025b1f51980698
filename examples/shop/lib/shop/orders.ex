defmodule Shop.Orders do
  @moduledoc """
  The Orders context: turns a cart into an order and schedules the payment
  capture and confirmation email as Oban jobs.
  """

  alias Ecto.Multi
  alias Shop.Repo
  alias Shop.Orders.{LineItem, Order}
  alias Shop.Orders.Workers.CapturePayment

  def place_order(user, lines) do
    Multi.new()
    |> Multi.insert(:order, Order.changeset(%Order{user_id: user.id}, %{status: :pending}))
    |> Multi.insert_all(:line_items, LineItem, fn %{order: order} ->
      for {variant_id, quantity, unit_price} <- lines,
          do: %{order_id: order.id, variant_id: variant_id, quantity: quantity, unit_price: unit_price}
    end)
    |> Oban.insert(:capture, fn %{order: order} -> CapturePayment.new(%{order_id: order.id}) end)
    |> Repo.transaction()
  end

  def get_order!(id), do: Order |> Repo.get!(id) |> Repo.preload(:line_items)

  def mark_paid(%Order{} = order), do: order |> Order.changeset(%{status: :paid}) |> Repo.update()
end
