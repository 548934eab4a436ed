#!/bin/sh
# azd postdeploy: build the tab and publish it to the static website ($web) behind Front Door. Uses Entra ID
# (the deploying principal holds Storage Blob Data Contributor on the tab account: infra/app/storage.bicep).
set -eu

eval "$(azd env get-values | sed 's/^/export /')"
: "${TAB_STORAGE_ACCOUNT_NAME:?run azd provision first}"

npm run -s build:tabs
az storage blob upload-batch --account-name "$TAB_STORAGE_ACCOUNT_NAME" --auth-mode login \
  --destination "\$web" --source tabs/dist --overwrite --only-show-errors >/dev/null
echo "Tab published: ${TAB_BASE_URL}/  (API: ${TAB_BASE_URL}/api/health)"
