#!/bin/sh
# azd postprovision: turn on the static website of the tab's storage account (a data-plane setting that ARM
# templates cannot set), then print what is left to do. Idempotent. Needs: az (logged in), the azd env values.
set -eu

eval "$(azd env get-values | sed 's/^/export /')"
: "${TAB_STORAGE_ACCOUNT_NAME:?run azd provision first}"

enable_static_website() {
  az storage blob service-properties update --account-name "$TAB_STORAGE_ACCOUNT_NAME" \
    --static-website --index-document index.html --404-document index.html "$@" --only-show-errors >/dev/null
}

if enable_static_website --auth-mode login 2>/dev/null; then
  echo "Static website enabled on $TAB_STORAGE_ACCOUNT_NAME (Entra ID)."
else
  # Setting blob service properties may need the account key on some CLI versions. Allow shared keys for this one
  # call and close them again; the key is fetched through ARM by your own login and never stored.
  echo "Entra ID was refused for the static website switch; enabling it with a short-lived shared-key window."
  az storage account update --name "$TAB_STORAGE_ACCOUNT_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
    --allow-shared-key-access true --only-show-errors >/dev/null
  trap 'az storage account update --name "$TAB_STORAGE_ACCOUNT_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --allow-shared-key-access false --only-show-errors >/dev/null' EXIT
  enable_static_website --auth-mode key
  echo "Static website enabled on $TAB_STORAGE_ACCOUNT_NAME."
fi

cat <<NEXT

Provisioned. Next (docs/deploy.md, step 5): finish the Entra app registration with the tab domain and the
managed identity, then deploy:

  npx tsx infra/entra/register-app.ts --finish
  azd deploy

Tab domain:        ${TAB_DOMAIN}
Managed identity:  ${GRAPH_FEDERATED_IDENTITY_CLIENT_ID} (client id), ${MANAGED_IDENTITY_PRINCIPAL_ID} (object id)
NEXT
