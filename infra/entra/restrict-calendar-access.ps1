<#
.SYNOPSIS
  Limits which mailboxes Pairwise's backend can read and book: only members of one mail-enabled security group
  (the mentoring participants), instead of every mailbox in the tenant.

.DESCRIPTION
  Two mechanisms, pick one (docs/deploy.md, step 8):

  -Mode Rbac (recommended): Exchange Online RBAC for Applications. Exchange grants the app the roles
    "Application Calendars.ReadWrite" and "Application MailboxSettings.Read" on a management scope of the group's
    members. Entra and Exchange grants ADD UP, so the Entra registration must NOT also hold admin-consented
    Calendars.ReadWrite / MailboxSettings.Read: register the app with `register-app.ts --exchange-rbac`, or revoke
    those two consents. This script refuses to continue while they are consented (use -SkipEntraCheck to override).

  -Mode AccessPolicy (fallback, the older mechanism Microsoft is replacing with RBAC for Applications): keeps the
    Entra grants and adds an application access policy that restricts the app to the group.

  Needs: the ExchangeOnlineManagement module (Install-Module ExchangeOnlineManagement), an Exchange administrator,
  and the Azure CLI signed in to the same tenant (`az login`) for the Entra look-ups.

.EXAMPLE
  ./restrict-calendar-access.ps1 -AppId <API_CLIENT_ID> -Group pairwise-participants@contoso.com -TestMailbox ana@contoso.com
.EXAMPLE
  ./restrict-calendar-access.ps1 -Mode AccessPolicy -AppId <API_CLIENT_ID> -Group pairwise-participants@contoso.com -TestMailbox ana@contoso.com
#>
[CmdletBinding(SupportsShouldProcess)]
param(
  [Parameter(Mandatory)] [string] $AppId,
  [Parameter(Mandatory)] [string] $Group,
  [Parameter(Mandatory)] [string] $TestMailbox,
  [ValidateSet('Rbac', 'AccessPolicy')] [string] $Mode = 'Rbac',
  [string] $ScopeName = 'Pairwise participants',
  [switch] $SkipEntraCheck
)

$ErrorActionPreference = 'Stop'
$calendarRoles = @('Application Calendars.ReadWrite', 'Application MailboxSettings.Read')

if (-not (Get-Command Connect-ExchangeOnline -ErrorAction SilentlyContinue)) {
  throw 'Install the ExchangeOnlineManagement module first: Install-Module ExchangeOnlineManagement'
}
if (-not (Get-ConnectionInformation -ErrorAction SilentlyContinue)) { Connect-ExchangeOnline -ShowBanner:$false }

# The scope must be a mail-enabled SECURITY group: distribution lists and Microsoft 365 groups are not security
# principals for these mechanisms.
$scopeGroup = Get-DistributionGroup -Identity $Group -ErrorAction SilentlyContinue
if (-not $scopeGroup) {
  throw ("Exchange Online has no group $Group. Create a mail-enabled security group of the participants " +
    '(Exchange admin center > Recipients > Groups > Add a group > Mail-enabled security; docs/deploy.md, step 8), ' +
    'then run this script again.')
}
if ($scopeGroup.RecipientTypeDetails -ne 'MailUniversalSecurityGroup') {
  throw "$Group is a $($scopeGroup.RecipientTypeDetails); use a mail-enabled security group."
}

# `az … -o json` as an object; nothing when az found nothing (it then writes its error to stderr, shown as is).
function Invoke-AzJson([string[]] $Arguments) {
  $json = (az @Arguments -o json | Out-String).Trim()
  if ($json) { $json | ConvertFrom-Json }
}

# The enterprise application (service principal) of the app registration, as Entra knows it.
$servicePrincipal = Invoke-AzJson @('ad', 'sp', 'show', '--id', $AppId, '--query', '{id:id, name:displayName}')
if (-not $servicePrincipal) { throw "No enterprise application for $AppId; run infra/entra/register-app.ts first." }

if ($Mode -eq 'Rbac') {
  if (-not $SkipEntraCheck) {
    # Graph app role assignments of the app = admin-consented application permissions.
    $granted = Invoke-AzJson @('rest', '--method', 'GET', '--url',
      "https://graph.microsoft.com/v1.0/servicePrincipals/$($servicePrincipal.id)/appRoleAssignments")
    $graphSp = Invoke-AzJson @('ad', 'sp', 'show', '--id', '00000003-0000-0000-c000-000000000000', '--query',
      '{id:id, roles:appRoles[].{id:id, value:value}}')
    $tenantWide = $granted.value | ForEach-Object {
      $assignment = $_
      ($graphSp.roles | Where-Object { $_.id -eq $assignment.appRoleId -and $assignment.resourceId -eq $graphSp.id }).value
    } | Where-Object { $_ -in @('Calendars.ReadWrite', 'MailboxSettings.Read', 'Calendars.Read') }
    if ($tenantWide) {
      throw ("Entra still grants tenant-wide $($tenantWide -join ', '); RBAC scoping would not restrict it. " +
        'Remove those consents (Entra admin center → Enterprise applications → Pairwise → Permissions) or re-run ' +
        'register-app.ts with --exchange-rbac, then run this script again.')
    }
  }

  # 1. Resource scope: the group's members (OPATH filter on the group's distinguished name). A scope of that name
  #    that names another group (the group was replaced) is pointed at this one.
  $filter = "MemberOfGroup -eq '$($scopeGroup.DistinguishedName)'"
  $scope = Get-ManagementScope -Identity $ScopeName -ErrorAction SilentlyContinue
  if (-not $scope) {
    if ($PSCmdlet.ShouldProcess($ScopeName, 'New-ManagementScope')) {
      New-ManagementScope -Name $ScopeName -RecipientRestrictionFilter $filter | Out-Null
    }
  }
  elseif ($scope.RecipientFilter -ne $filter -and $PSCmdlet.ShouldProcess($ScopeName, 'Set-ManagementScope')) {
    Set-ManagementScope -Identity $ScopeName -RecipientRestrictionFilter $filter | Out-Null
  }
  # 2. Exchange's pointer to the Entra service principal.
  if (-not (Get-ServicePrincipal -Identity $AppId -ErrorAction SilentlyContinue)) {
    if ($PSCmdlet.ShouldProcess($AppId, 'New-ServicePrincipal')) {
      New-ServicePrincipal -AppId $AppId -ObjectId $servicePrincipal.id -DisplayName $servicePrincipal.name | Out-Null
    }
  }
  # 3. The roles, limited to the scope. An assignment of the same role without this scope (organisation-wide, or
  #    another scope) would add up with it: refuse rather than leave the app wider than intended.
  foreach ($role in $calendarRoles) {
    $existing = @(Get-ManagementRoleAssignment -RoleAssignee $AppId -Role $role -ErrorAction SilentlyContinue)
    $wider = @($existing | Where-Object { $_.CustomResourceScope -ne $ScopeName })
    if ($wider) {
      throw ("Pairwise already holds '$role' beyond the group ($(@($wider.Name) -join ', ')). Remove it with " +
        'Remove-ManagementRoleAssignment, then run this script again.')
    }
    if (-not $existing -and $PSCmdlet.ShouldProcess($role, 'New-ManagementRoleAssignment')) {
      New-ManagementRoleAssignment -App $AppId -Role $role -CustomResourceScope $ScopeName | Out-Null
    }
  }
  # 4. Check: in scope for a member (changes can take a while to reach every server; re-run the test later).
  Test-ServicePrincipalAuthorization -Identity $AppId -Resource $TestMailbox | Format-Table -AutoSize
}
else {
  $description = 'Pairwise: calendar access limited to mentoring participants'
  # A policy names its group by display name (ScopeName) and unique name (ScopeIdentity).
  $policy = Get-ApplicationAccessPolicy | Where-Object {
    $_.AppId -eq $AppId -and ($_.ScopeName -eq $scopeGroup.DisplayName -or $_.ScopeIdentity -eq $scopeGroup.Name)
  }
  if (-not $policy -and $PSCmdlet.ShouldProcess($AppId, 'New-ApplicationAccessPolicy')) {
    New-ApplicationAccessPolicy -AppId $AppId -PolicyScopeGroupId $scopeGroup.PrimarySmtpAddress -AccessRight RestrictAccess -Description $description | Out-Null
  }
  # AccessCheckResult should be Granted for a member and Denied for anyone else.
  Test-ApplicationAccessPolicy -Identity $TestMailbox -AppId $AppId | Format-List AppId, Mailbox, AccessCheckResult
}

Write-Host "Done. Pairwise can now reach only members of $Group. Add every participant (and any mailbox that"
Write-Host 'organises sessions) to the group; people outside it cannot be read or booked.'
