/**
 * The typed Kubernetes shapes the CLI and the console read objects as. Re-exported
 * here because the layer rule keeps `…/core/…` import paths out of commands and views.
 */
export type { Container, ContainerStatus, Event, Namespace, Node, Pod } from "kubernetes-types/core/v1";
