{{/* The image reference of a component: repository@digest when a digest is set, else repository:tag. */}}
{{- define "trustgate.image" -}}
{{- if .digest -}}
{{ .repository }}@{{ .digest }}
{{- else -}}
{{ .repository }}:{{ .tag | default .appVersion }}
{{- end -}}
{{- end -}}

{{/* Namespaces never enforced: the configured ones, then the release namespace (trustgate itself must start). */}}
{{- define "trustgate.excludedNamespaces" -}}
{{- $list := list -}}
{{- range .Values.namespaceSelection.excludedNamespaces }}{{ $list = append $list . }}{{ end -}}
{{- $list = append $list .Release.Namespace -}}
{{- $list | uniq | join "," -}}
{{- end -}}

{{/* The label the namespace selection mode reads. */}}
{{- define "trustgate.namespaceLabel" -}}
{{- if .Values.namespaceSelection.label -}}
{{ .Values.namespaceSelection.label }}
{{- else if eq .Values.namespaceSelection.mode "opt-in" -}}
trustgate.io/enforce
{{- else -}}
trustgate.io/exempt
{{- end -}}
{{- end -}}

{{/* resources, with limits.memory at twice heapMiB when heapMiB is set (the image's heap is 50% of the limit). */}}
{{- define "trustgate.resources" -}}
{{- $resources := deepCopy .component.resources -}}
{{- if .component.heapMiB -}}
{{- $limits := get $resources "limits" | default dict -}}
{{- $_ := set $limits "memory" (printf "%dMi" (mul (int .component.heapMiB) 2)) -}}
{{- $_ := set $resources "limits" $limits -}}
{{- end -}}
{{- toYaml $resources -}}
{{- end -}}

{{/* Pod anti-affinity of a component: preferred, required or none. */}}
{{- define "trustgate.antiAffinity" -}}
{{- if eq .mode "preferred" }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: {{ .name }}
{{- else if eq .mode "required" }}
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            app.kubernetes.io/name: {{ .name }}
{{- end }}
{{- end -}}

{{/* Scheduling extras shared by both Deployments. */}}
{{- define "trustgate.scheduling" -}}
{{- with .component.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .component.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .component.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .component.topologySpreadConstraints }}
topologySpreadConstraints:
{{- range .component.topologySpreadConstraints }}
  - {{ toYaml (merge (dict) . (dict "labelSelector" (dict "matchLabels" (dict "app.kubernetes.io/name" $.name)))) | nindent 4 | trim }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Checks across values that the schema cannot express. */}}
{{- define "trustgate.validate" -}}
{{- if and .Values.webhook.podDisruptionBudget.enabled (ge (int .Values.webhook.podDisruptionBudget.minAvailable) (int .Values.webhook.replicas)) -}}
{{- fail (printf "webhook.podDisruptionBudget.minAvailable (%d) must be lower than webhook.replicas (%d), or no node holding a webhook replica can ever be drained; raise webhook.replicas or set webhook.podDisruptionBudget.enabled=false" (int .Values.webhook.podDisruptionBudget.minAvailable) (int .Values.webhook.replicas)) -}}
{{- end -}}
{{- if and .Values.policyReports.installCRDs (not .Values.policyReports.enabled) -}}
{{- fail "policyReports.installCRDs=true needs policyReports.enabled=true: the CRDs are of no use while the operator may not write reports" -}}
{{- end -}}
{{- if and (eq .Values.namespaceSelection.mode "all") .Values.namespaceSelection.label -}}
{{- fail "namespaceSelection.label is read only in the modes opt-in and opt-out; with mode all no label decides anything, so leave it empty" -}}
{{- end -}}
{{- end -}}
