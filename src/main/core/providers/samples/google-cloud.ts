// Google Cloud Monitoring sample incidents (`hookbell send`, the setup screen), shaped like the schema 1.2
// example in https://cloud.google.com/monitoring/support/notification-options#webhooks. Functions, so the
// times are fresh per send; open and closed share one incident_id, as one incident does.
function incident(state: 'open' | 'closed'): unknown {
  const now = Math.floor(Date.now() / 1000)
  const started = state === 'open' ? now : now - 600
  return {
    incident: {
      incident_id: '0.opqiw61fsv7p',
      scoping_project_id: 'checkout-prod',
      scoping_project_number: 12345,
      url: 'https://console.cloud.google.com/monitoring/alerting/incidents/0.opqiw61fsv7p?project=checkout-prod',
      severity: 'Error',
      started_at: started,
      ended_at: state === 'closed' ? now : null,
      state,
      summary:
        state === 'open'
          ? 'CPU utilization for checkout-prod checkout-vm-1 is above the threshold of 0.900 with a value of 0.973.'
          : 'CPU utilization for checkout-prod checkout-vm-1 returned to normal with a value of 0.412.',
      apigee_url: 'https://apigee.com/alerting/incidents/0.opqiw61fsv7p?project=checkout-prod',
      observed_value: state === 'open' ? '0.973' : '0.412',
      resource: {
        type: 'gce_instance',
        labels: { instance_id: '4522847317301010571', project_id: 'checkout-prod', zone: 'europe-west1-b' },
      },
      resource_type_display_name: 'VM Instance',
      resource_id: '4522847317301010571',
      resource_display_name: 'checkout-vm-1',
      resource_name: 'checkout-prod checkout-vm-1',
      metric: {
        type: 'compute.googleapis.com/instance/cpu/utilization',
        displayName: 'CPU utilization',
        labels: { instance_name: 'checkout-vm-1' },
      },
      metadata: { system_labels: { state: 'ACTIVE' }, user_labels: {} },
      policy_name: 'Checkout VM CPU',
      policy_user_labels: { service: 'checkout', env: 'production' },
      documentation: { content: 'Scale the checkout instance group, then check the deploy log.', mime_type: 'text/markdown' },
      condition: {
        name: 'projects/checkout-prod/alertPolicies/1234/conditions/5678',
        displayName: 'VM Instance - CPU utilization',
        conditionThreshold: {
          filter: 'metric.type="compute.googleapis.com/instance/cpu/utilization" resource.type="gce_instance"',
          comparison: 'COMPARISON_GT',
          thresholdValue: 0.9,
          duration: '0s',
          trigger: { count: 1 },
        },
      },
      condition_name: 'VM Instance - CPU utilization',
      threshold_value: '0.9',
    },
    version: '1.2',
  }
}

export const googleCloudSamples: Record<string, () => unknown> = {
  open: () => incident('open'),
  closed: () => incident('closed'),
}
