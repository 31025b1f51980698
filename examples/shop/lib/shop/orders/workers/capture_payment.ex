defmodule Shop.Orders.Workers.CapturePayment do
  @moduledoc "Captures the payment of an order; retried with backoff, five attempts at most."
  use Oban.Worker, queue: :payments, max_attempts: 5

  alias Shop.Orders

  @impl Oban.Worker
  def perform(%Oban.Job{args: %{"order_id" => order_id}}) do
    order = Orders.get_order!(order_id)

    with {:ok, _charge} <- Shop.Payments.capture(order) do
      {:ok, _order} = Orders.mark_paid(order)
      :ok
    end
  end
end
