package io.skiff.cli;

import io.skiff.store.etcd.testing.EtcdProcess;
import io.skiff.testing.RequiresRoot;
import org.junit.jupiter.api.Tag;

/** The foundation's kubectl flows ({@link KubectlFlowsIT}), unchanged, against an API server whose store is etcd. */
@RequiresRoot
@Tag("etcd")
class EtcdKubectlFlowsIT extends KubectlFlowsIT {
  private EtcdProcess etcd;

  @Override
  Datastore startDatastore() {
    etcd = EtcdProcess.start();
    return Datastore.etcd(etcd.endpoint());
  }

  @Override
  void stopDatastore() {
    if (etcd != null) {
      etcd.close();
    }
  }
}
