defmodule Shop do
  @moduledoc """
  Shop keeps the contexts that define the storefront's domain: Catalog,
  Inventory, Carts, Orders and Accounts.
  """
end
