// Azure Monitor sample alerts (`hookbell send`, the setup screen), shaped like Microsoft's common alert schema
// sample (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-payload-samples). Functions, so the
// times are fresh per send; fired and resolved share one alertId, as one alert instance does.
const ALERT_ID =
  '/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e'

function alert(condition: 'Fired' | 'Resolved'): unknown {
  const now = new Date()
  const fired = condition === 'Fired' ? now : new Date(now.getTime() - 10 * 60_000)
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: ALERT_ID,
        alertRule: 'checkout-vm-cpu',
        severity: 'Sev2',
        signalType: 'Metric',
        monitorCondition: condition,
        monitoringService: 'Platform',
        alertTargetIDs: [
          '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/checkout-prod/providers/microsoft.compute/virtualmachines/checkout-vm-1',
        ],
        configurationItems: ['checkout-vm-1'],
        originAlertId:
          '3f2d4487-b0fc-4125-8bd5-7ad17384221e_checkout-prod_microsoft.insights_metricAlerts_checkout-vm-cpu_-117781227',
        firedDateTime: fired.toISOString(),
        ...(condition === 'Resolved' ? { resolvedDateTime: now.toISOString() } : {}),
        description: 'CPU above 80% on the checkout VMs',
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        properties: null,
        conditionType: 'SingleResourceMultipleMetricCriteria',
        condition: {
          windowSize: 'PT5M',
          allOf: [
            {
              metricName: 'Percentage CPU',
              metricNamespace: 'Microsoft.Compute/virtualMachines',
              operator: 'GreaterThan',
              threshold: '80',
              timeAggregation: 'Average',
              dimensions: [],
              metricValue: condition === 'Fired' ? 93.4 : 31.2,
              webTestName: null,
            },
          ],
          windowStartTime: new Date(now.getTime() - 5 * 60_000).toISOString(),
          windowEndTime: now.toISOString(),
        },
      },
      customProperties: { team: 'payments' },
    },
  }
}

export const azureMonitorSamples: Record<string, () => unknown> = {
  fired: () => alert('Fired'),
  resolved: () => alert('Resolved'),
}
