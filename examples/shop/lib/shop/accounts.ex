defmodule Shop.Accounts do
  @moduledoc "The Accounts context."

  alias Shop.Repo
  alias Shop.Accounts.User

  def get_user_by_email(email) when is_binary(email), do: Repo.get_by(User, email: email)

  def register_user(attrs) do
    %User{}
    |> User.registration_changeset(attrs)
    |> Repo.insert()
  end
end
