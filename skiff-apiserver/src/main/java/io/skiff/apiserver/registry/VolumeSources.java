package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The volume source fields of a Volume, in the order Kubernetes checks them, by their JSON names. */
final class VolumeSources {

  private record Source(String field, Function<Volume, Object> getter) {}

  private static final List<Source> SOURCES = List.of(
      new Source("emptyDir", Volume::getEmptyDir),
      new Source("hostPath", Volume::getHostPath),
      new Source("gitRepo", Volume::getGitRepo),
      new Source("gcePersistentDisk", Volume::getGcePersistentDisk),
      new Source("awsElasticBlockStore", Volume::getAwsElasticBlockStore),
      new Source("secret", Volume::getSecret),
      new Source("nfs", Volume::getNfs),
      new Source("iscsi", Volume::getIscsi),
      new Source("glusterfs", Volume::getGlusterfs),
      new Source("flocker", Volume::getFlocker),
      new Source("persistentVolumeClaim", Volume::getPersistentVolumeClaim),
      new Source("rbd", Volume::getRbd),
      new Source("flexVolume", Volume::getFlexVolume),
      new Source("cinder", Volume::getCinder),
      new Source("cephfs", Volume::getCephfs),
      new Source("downwardAPI", Volume::getDownwardAPI),
      new Source("fc", Volume::getFc),
      new Source("azureFile", Volume::getAzureFile),
      new Source("vsphereVolume", Volume::getVsphereVolume),
      new Source("quobyte", Volume::getQuobyte),
      new Source("azureDisk", Volume::getAzureDisk),
      new Source("photonPersistentDisk", Volume::getPhotonPersistentDisk),
      new Source("projected", Volume::getProjected),
      new Source("portworxVolume", Volume::getPortworxVolume),
      new Source("scaleIO", Volume::getScaleIO),
      new Source("configMap", Volume::getConfigMap),
      new Source("storageos", Volume::getStorageos),
      new Source("csi", Volume::getCsi),
      new Source("ephemeral", Volume::getEphemeral),
      new Source("image", Volume::getImage));

  private VolumeSources() {}

  /** The JSON names of the sources set on {@code v}, in checking order. */
  static List<String> present(Volume v) {
    List<String> names = new ArrayList<>();
    for (Source s : SOURCES) {
      if (s.getter().apply(v) != null) {
        names.add(s.field());
      }
    }
    return names;
  }

  static int count(Volume v) {
    return present(v).size();
  }
}
