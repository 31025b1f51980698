defmodule Shop.Repo.Migrations.CreateStocks do
  use Ecto.Migration

  def change do
    create table(:stocks) do
      add :variant_id, references(:variants, on_delete: :delete_all), null: false
      add :on_hand, :integer, null: false, default: 0
      add :reserved, :integer, null: false, default: 0

      timestamps(type: :utc_datetime)
    end

    create unique_index(:stocks, [:variant_id])
    create constraint(:stocks, :reserved_within_on_hand, check: "reserved >= 0 AND reserved <= on_hand")
  end
end
