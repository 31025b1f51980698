defmodule Shop.Payments do
  @moduledoc "The payment provider, behind one function so it can be wrapped by a circuit breaker."

  @spec capture(Shop.Orders.Order.t()) :: {:ok, map} | {:error, term}
  def capture(order) do
    body = Jason.encode!(%{amount: order.total, reference: order.id})
    headers = [{"content-type", "application/json"}]

    case :post |> Finch.build(Application.fetch_env!(:shop, :payments_url), headers, body) |> Finch.request(Shop.Finch) do
      {:ok, %Finch.Response{status: 200, body: body}} -> {:ok, Jason.decode!(body)}
      {:ok, %Finch.Response{status: status}} -> {:error, {:http_status, status}}
      {:error, reason} -> {:error, reason}
    end
  end
end
